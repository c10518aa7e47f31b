package io.regionaledge.operator.dns;

/** One entry of a ChangeResourceRecordSets batch. DELETE carries the exact current record. */
public record Change(Action action, Rrset record) {

  public enum Action {
    CREATE,
    DELETE,
    UPSERT
  }

  public static Change create(Rrset r) {
    return new Change(Action.CREATE, r);
  }

  public static Change delete(Rrset r) {
    return new Change(Action.DELETE, r);
  }

  public static Change upsert(Rrset r) {
    return new Change(Action.UPSERT, r);
  }

  /** Route53 counts an UPSERT twice against both batch limits. */
  int recordCount() {
    int n = Math.max(1, record.values().size());
    return action == Action.UPSERT ? 2 * n : n;
  }

  int charCount() {
    return action == Action.UPSERT ? 2 * record.valueChars() : record.valueChars();
  }

  @Override
  public String toString() {
    return action + " " + record;
  }
}
