package io.regionaledge.testkit.route53;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tag rules shared by hosted zones and health checks. */
final class Tags {
  /** botocore ChangeTagsForResource / TagList: at most 10 tags per resource. */
  static final int MAX_TAGS = 10;

  private Tags() {}

  static Map<String, String> changed(
      Map<String, String> current, Map<String, String> add, List<String> removeKeys) {
    Map<String, String> tags = new LinkedHashMap<>(current);
    removeKeys.forEach(tags::remove);
    tags.putAll(add);
    if (tags.size() > MAX_TAGS) {
      throw ApiException.invalidInput(
          "Invalid parameter: a resource can have at most " + MAX_TAGS + " tags");
    }
    return java.util.Collections.unmodifiableMap(tags);
  }
}
