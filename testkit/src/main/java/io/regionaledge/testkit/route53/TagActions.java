package io.regionaledge.testkit.route53;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ChangeTagsForResource, ListTagsForResource(s): tags of hosted zones and health checks, kept by
 * their stores.
 */
final class TagActions {
  private final HostedZoneStore zones;
  private final HealthCheckStore checks;

  TagActions(HostedZoneStore zones, HealthCheckStore checks) {
    this.zones = zones;
    this.checks = checks;
  }

  void register(Routes r) {
    r.add("POST", "tags/{ResourceType}/{ResourceId}", "ChangeTagsForResource", this::change)
        .add(
            "GET",
            "tags/{ResourceType}/{ResourceId}",
            "ListTagsForResource",
            c -> {
              Xml.Writer w = new Xml.Writer().openRoot("ListTagsForResourceResponse");
              tagSet(w, c.param("ResourceType"), c.param("ResourceId"));
              return Reply.ok(w.close("ListTagsForResourceResponse"));
            })
        .add("POST", "tags/{ResourceType}", "ListTagsForResources", this::listMany);
  }

  private Reply change(Call c) {
    Xml.El x = c.xml();
    Map<String, String> add = new LinkedHashMap<>();
    x.child("AddTags")
        .ifPresent(a -> a.children("Tag").forEach(t -> add.put(t.text("Key"), t.text("Value"))));
    List<String> remove = x.texts("RemoveTagKeys", "Key");
    String id = c.param("ResourceId");
    switch (resourceType(c.param("ResourceType"))) {
      case "healthcheck" -> checks.changeTags(id, add, remove);
      default -> zones.changeTags(id, add, remove);
    }
    return Reply.empty("ChangeTagsForResourceResponse");
  }

  /** botocore ListTagsForResourcesRequest.ResourceIds: 1 to 10 ids. */
  private Reply listMany(Call c) {
    List<String> ids = c.xml().texts("ResourceIds", "ResourceId");
    if (ids.isEmpty() || ids.size() > 10)
      throw ApiException.invalidInput("Invalid parameter: 1 to 10 ResourceIds are required");
    Xml.Writer w =
        new Xml.Writer().openRoot("ListTagsForResourcesResponse").open("ResourceTagSets");
    ids.forEach(id -> tagSet(w, c.param("ResourceType"), id));
    return Reply.ok(w.close("ResourceTagSets").close("ListTagsForResourcesResponse"));
  }

  private void tagSet(Xml.Writer w, String type, String id) {
    Map<String, String> tags =
        resourceType(type).equals("healthcheck") ? checks.get(id).tags() : zones.tags(id);
    w.open("ResourceTagSet").el("ResourceType", type).el("ResourceId", id).open("Tags");
    tags.forEach((k, v) -> w.open("Tag").el("Key", k).el("Value", v).close("Tag"));
    w.close("Tags").close("ResourceTagSet");
  }

  private static String resourceType(String type) {
    if (!type.equals("healthcheck") && !type.equals("hostedzone")) {
      throw ApiException.invalidInput(
          "Invalid parameter: ResourceType must be healthcheck or hostedzone");
    }
    return type;
  }
}
