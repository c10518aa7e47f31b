package io.regionaledge.testkit.route53;

/** One change in a ChangeResourceRecordSets batch: CREATE, DELETE or UPSERT of a record set. */
public record Change(String action, RecordSet record) {
  public static Change create(RecordSet r) {
    return new Change("CREATE", r);
  }

  public static Change delete(RecordSet r) {
    return new Change("DELETE", r);
  }

  public static Change upsert(RecordSet r) {
    return new Change("UPSERT", r);
  }
}
