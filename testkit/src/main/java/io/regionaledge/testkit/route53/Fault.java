package io.regionaledge.testkit.route53;

/** The failures Route53 gives under load, each as the real status, code and message. */
public enum Fault {
  THROTTLING(400, "Throttling", "Rate exceeded"),
  PRIOR_REQUEST_NOT_COMPLETE(
      400,
      "PriorRequestNotComplete",
      "The request was rejected because Route 53 was still processing a prior request."),
  INTERNAL_FAILURE(500, "InternalFailure", "An internal error occurred."),
  SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "Service is unavailable.");

  private final int status;
  private final String code;
  private final String message;

  Fault(int status, String code, String message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  ApiException toException() {
    return new ApiException(status, code, message, status < 500);
  }
}
