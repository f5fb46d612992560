package d2l.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation: visits the graph below a root so that every node runs after all the
 * nodes that feed gradient into it (reverse topological order), the way {@code loss.backward()}
 * does in PyTorch. Gradients are computed with recording switched off.
 */
public final class Engine {

    private Engine() {}

    /** Runs {@link Node#apply()} on {@code root} and everything below it, each node exactly once. */
    public static void run(Node root) {
        List<Node> order = topologicalOrder(root);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Profiler.apply(order.get(i));
            }
        }
    }

    /** Depth-first post-order without recursion, so deep networks cannot overflow the stack. */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        Deque<Node> nodes = new ArrayDeque<>();
        Deque<Iterator<Node>> children = new ArrayDeque<>();
        seen.put(root, Boolean.TRUE);
        nodes.push(root);
        children.push(root.nextNodes().iterator());
        while (!nodes.isEmpty()) {
            Iterator<Node> it = children.peek();
            if (it.hasNext()) {
                Node child = it.next();
                if (seen.put(child, Boolean.TRUE) == null) {
                    nodes.push(child);
                    children.push(child.nextNodes().iterator());
                }
            } else {
                children.pop();
                order.add(nodes.pop());
            }
        }
        return Collections.unmodifiableList(order);
    }
}
