package d2l.train;

/** The columns that name a run in its CSV log, so logs of many runs can be compared side by side. */
public record RunInfo(String run, String model, double lr, int batchSize, long seed, int threads) {}
