package d2l.train;

/**
 * What one epoch of training measured: mean training loss and accuracy over the epoch's batches
 * (weighted by batch size), validation loss and accuracy in evaluation mode, wall time and throughput.
 */
public record EpochResult(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc,
                          double seconds, double imagesPerSec) {}
