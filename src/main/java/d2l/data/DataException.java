package d2l.data;

/**
 * A data set cannot be read or fetched: a file is missing, truncated or not what its name says, or
 * a download failed. The message names the file, says what is wrong and what to do about it.
 */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
