package io.regionaledge.testkit.route53;

/** A Route53 error as the service reports it: HTTP status, error code, and message. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final boolean senderFault;

  public ApiException(int status, String code, String message) {
    this(status, code, message, status < 500);
  }

  public ApiException(int status, String code, String message, boolean senderFault) {
    super(message);
    this.status = status;
    this.code = code;
    this.senderFault = senderFault;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public boolean senderFault() {
    return senderFault;
  }

  static ApiException invalidInput(String message) {
    return new ApiException(400, "InvalidInput", message);
  }

  static ApiException noSuchHostedZone(String id) {
    return new ApiException(404, "NoSuchHostedZone", "No hosted zone found with ID: " + id);
  }

  static ApiException noSuchHealthCheck(String id) {
    return new ApiException(
        404, "NoSuchHealthCheck", "No health check exists with the specified ID " + id);
  }
}
