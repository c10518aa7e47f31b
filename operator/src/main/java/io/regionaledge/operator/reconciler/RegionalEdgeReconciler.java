package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.regionaledge.operator.OperatorSettings;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.api.RegionalEdgeStatus;
import io.regionaledge.operator.dns.DnsSync;
import io.regionaledge.operator.dns.DnsSyncResult;
import io.regionaledge.operator.exposure.Exposure;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes, validates, reconciles the proxy tier of this operator's region, syncs DNS and writes
 * status. The dependents are built in their own classes; the workflow is invoked explicitly so an
 * invalid spec (for example a missing TLS Secret) leaves a running proxy tier alone.
 */
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(
          name = "config",
          type = ConfigMapDependentResource.class,
          reconcilePrecondition = RegionListed.class),
      @Dependent(
          name = "deployment",
          type = DeploymentDependentResource.class,
          reconcilePrecondition = RegionListed.class),
      @Dependent(
          name = "pdb",
          type = PodDisruptionBudgetDependentResource.class,
          reconcilePrecondition = RegionListed.class),
      @Dependent(
          name = "service",
          type = ServiceDependentResource.class,
          reconcilePrecondition = ServiceNeeded.class)
    })
@ControllerConfiguration(
    name = RegionalEdgeReconciler.NAME,
    maxReconciliationInterval =
        @MaxReconciliationInterval(
            interval = OperatorSettings.DEFAULT_MAX_RECONCILE_SECONDS,
            timeUnit = TimeUnit.SECONDS))
public class RegionalEdgeReconciler implements Reconciler<RegionalEdge>, Cleaner<RegionalEdge> {
  public static final String NAME = "regionaledge";
  static final String PODS = "proxy-pods";
  static final String NODES = "nodes";
  static final String SECRETS = "tls-secrets";

  /**
   * How soon to look again while the spec is invalid. The TLS Secret is watched, so its arrival
   * wakes us at once; this catches what no event announces (a Secret of another type fixed later).
   */
  static final Duration INVALID_RECHECK = Duration.ofSeconds(10);

  static final Duration DNS_ERROR_RETRY = Duration.ofSeconds(15);
  private static final Logger LOG = LoggerFactory.getLogger(RegionalEdgeReconciler.class);

  private final String region;
  private final DnsSync dnsSync;
  private final EventRecorder events;
  private final Clock clock;

  public RegionalEdgeReconciler(String region, DnsSync dnsSync, EventRecorder events, Clock clock) {
    this.region = region;
    this.dnsSync = dnsSync;
    this.events = events;
    this.clock = clock;
  }

  /** Proxy pods belong to ReplicaSets, not to us: map them to their RegionalEdge by label. */
  @Override
  public List<EventSource<?, RegionalEdge>> prepareEventSources(
      EventSourceContext<RegionalEdge> context) {
    InformerEventSourceConfiguration<Pod> pods =
        InformerEventSourceConfiguration.from(Pod.class, RegionalEdge.class)
            .withName(PODS)
            .withNamespacesInheritedFromController()
            .withLabelSelector(ProxyLabels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(
                pod -> {
                  String owner =
                      pod.getMetadata().getLabels() == null
                          ? null
                          : pod.getMetadata().getLabels().get(ProxyLabels.INSTANCE);
                  return owner == null
                      ? Set.of()
                      : Set.of(new ResourceID(owner, pod.getMetadata().getNamespace()));
                })
            .build();
    // Nodes: their ExternalIP is what DNS publishes for HostPort. Read from a cache, not a GET per
    // reconcile; a change of address reaches us with the next pod event or resync.
    InformerEventSourceConfiguration<Node> nodes =
        InformerEventSourceConfiguration.from(Node.class, RegionalEdge.class)
            .withName(NODES)
            .withSecondaryToPrimaryMapper(node -> Set.of())
            .build();
    // Secrets: only type kubernetes.io/tls is listed (a field selector), and a Secret's arrival or
    // change wakes the RegionalEdges of its namespace that name it.
    var primaries = context.getPrimaryCache();
    InformerEventSourceConfiguration<Secret> secrets =
        InformerEventSourceConfiguration.from(Secret.class, RegionalEdge.class)
            .withName(SECRETS)
            .withNamespacesInheritedFromController()
            .withFieldSelector(
                new FieldSelector(new FieldSelector.Field("type", SpecProblem.TLS_TYPE)))
            .withSecondaryToPrimaryMapper(
                secret ->
                    primaries
                        .list(secret.getMetadata().getNamespace())
                        .filter(
                            e ->
                                secret
                                    .getMetadata()
                                    .getName()
                                    .equals(e.getSpec().getTlsSecretName()))
                        .map(ResourceID::fromResource)
                        .collect(java.util.stream.Collectors.toSet()))
            .build();
    return List.of(
        new InformerEventSource<>(pods, context),
        new InformerEventSource<>(nodes, context),
        new InformerEventSource<>(secrets, context));
  }

  @SuppressWarnings("unchecked")
  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> Optional<R> cached(
      Context<RegionalEdge> context, Class<R> type, String name, ResourceID id) {
    var source =
        (InformerEventSource<R, RegionalEdge>)
            context.eventSourceRetriever().getEventSourceFor(type, name);
    return source.get(id);
  }

  @Override
  public UpdateControl<RegionalEdge> reconcile(RegionalEdge edge, Context<RegionalEdge> context) {
    RegionScope scope = RegionScope.of(edge, region);
    scope.putInto(context);
    RegionalEdgeStatus before =
        Optional.ofNullable(edge.getStatus()).orElseGet(RegionalEdgeStatus::new);
    Outcome outcome =
        scope.listed()
            ? reconcileListed(edge, context, scope, before)
            : reconcileNotListed(edge, context, before);
    RegionalEdgeStatus status = outcome.status();
    status.setObservedGeneration(edge.getMetadata().getGeneration());
    status.setRegion(region);
    announceTransitions(edge, before.getConditions(), status.getConditions());

    Duration next = outcome.next();
    UpdateControl<RegionalEdge> control;
    if (sameStatus(before, status)) {
      control = UpdateControl.noUpdate();
    } else {
      writeStatus(edge, context, status);
      control = UpdateControl.noUpdate();
    }
    return next == null ? control : control.rescheduleAfter(next);
  }

  /** The status to write and when to look again (null: on events and the regular resync). */
  private record Outcome(RegionalEdgeStatus status, Duration next) {}

  private Outcome reconcileListed(
      RegionalEdge edge,
      Context<RegionalEdge> context,
      RegionScope scope,
      RegionalEdgeStatus before) {
    Optional<SpecProblem> problem =
        SpecProblem.find(
            edge,
            region,
            name ->
                cached(
                        context,
                        Secret.class,
                        SECRETS,
                        new ResourceID(name, edge.getMetadata().getNamespace()))
                    .orElse(null));
    if (problem.isEmpty()) {
      context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    }
    // Observed and synced even when the spec turns invalid later (a Secret deleted under running
    // pods): readiness must keep steering the DNS we already hold. A resource that is invalid from
    // the start has nothing in Route53 yet, and gets nothing written there until it is fixed.
    List<InstanceStatus> instances = new ArrayList<>(observeInstances(edge, context));
    boolean holdsDns = !instances.isEmpty() || before.getDnsRecords() != null;
    DnsSyncResult dns =
        problem.isPresent() && !holdsDns
            ? DnsSyncResult.unknown(
                problem.get().reason(),
                "nothing written to Route53 until the spec is valid: " + problem.get().message())
            : syncDns(edge, instances);
    dnsSync.takeAccountWarning().ifPresent(m -> events.warning(edge, "HealthCheckQuotaNear", m));

    Optional<RolloutProblem> rollout =
        RolloutProblem.find(
            context
                .getSecondaryResource(io.fabric8.kubernetes.api.model.apps.Deployment.class)
                .orElse(null),
            instances,
            Exposure.of(edge));
    RegionalEdgeStatus status =
        ListedStatus.build(
            new ListedStatus.Observed(
                region,
                edge.getMetadata().getGeneration(),
                before,
                instances,
                scope.entry().replicasOrDefault(),
                problem,
                rollout,
                dns),
            clock);
    Duration next = dns.retryAfter();
    if (problem.isPresent() && (next == null || next.compareTo(INVALID_RECHECK) > 0)) {
      next = INVALID_RECHECK;
    }
    return new Outcome(status, next);
  }

  /** Not ours (or no longer): remove the proxy tier and, if we held DNS records, withdraw them. */
  private Outcome reconcileNotListed(
      RegionalEdge edge, Context<RegionalEdge> context, RegionalEdgeStatus before) {
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    boolean participated = before.getDesiredReplicas() != null || before.getDnsRecords() != null;
    Long gen = edge.getMetadata().getGeneration();
    String message =
        "spec.regions does not list " + region + ", this cluster's region: nothing runs here";
    RegionalEdgeStatus status = new RegionalEdgeStatus();
    status.setDns("NotListed");
    Duration next = null;
    List<Condition> conditions = before.getConditions();
    if (participated) {
      DnsSyncResult cleanup = cleanupDns(edge);
      if (!cleanup.synced()) {
        // Keep the markers so the withdrawal is retried.
        status.setDesiredReplicas(before.getDesiredReplicas());
        status.setDnsRecords(before.getDnsRecords());
        next = Optional.ofNullable(cleanup.retryAfter()).orElse(DNS_ERROR_RETRY);
        conditions =
            set(
                conditions,
                StatusConditions.DNS_SYNCED,
                "False",
                cleanup.reason(),
                cleanup.message(),
                gen);
      } else {
        conditions =
            set(
                conditions,
                StatusConditions.DNS_SYNCED,
                "Unknown",
                "RegionNotListed",
                message,
                gen);
      }
    } else {
      conditions =
          set(conditions, StatusConditions.DNS_SYNCED, "Unknown", "RegionNotListed", message, gen);
    }
    conditions =
        set(conditions, StatusConditions.PROXIES_READY, "False", "RegionNotListed", message, gen);
    conditions = set(conditions, StatusConditions.READY, "False", "RegionNotListed", message, gen);
    status.setConditions(conditions);
    return new Outcome(status, next);
  }

  private List<InstanceStatus> observeInstances(RegionalEdge edge, Context<RegionalEdge> context) {
    Service service = context.getSecondaryResource(Service.class).orElse(null);
    return ProxyInstances.observe(
        edge,
        context.getSecondaryResources(Pod.class),
        name -> cached(context, Node.class, NODES, new ResourceID(name)).orElse(null),
        service);
  }

  private DnsSyncResult syncDns(RegionalEdge edge, List<InstanceStatus> instances) {
    try {
      return dnsSync.sync(edge, region, instances);
    } catch (RuntimeException e) {
      LOG.warn(
          "DNS sync of {}/{} failed",
          edge.getMetadata().getNamespace(),
          edge.getMetadata().getName(),
          e);
      return new DnsSyncResult(
          "False", "Error", String.valueOf(e.getMessage()), null, DNS_ERROR_RETRY);
    }
  }

  private DnsSyncResult cleanupDns(RegionalEdge edge) {
    try {
      return dnsSync.cleanup(edge, region);
    } catch (RuntimeException e) {
      LOG.warn(
          "DNS cleanup of {}/{} failed",
          edge.getMetadata().getNamespace(),
          edge.getMetadata().getName(),
          e);
      return new DnsSyncResult(
          "False", "Error", String.valueOf(e.getMessage()), null, DNS_ERROR_RETRY);
    }
  }

  @Override
  public DeleteControl cleanup(RegionalEdge edge, Context<RegionalEdge> context) {
    RegionalEdgeStatus status = edge.getStatus();
    boolean participated =
        RegionScope.of(edge, region).listed()
            || (status != null
                && (status.getDesiredReplicas() != null || status.getDnsRecords() != null));
    if (participated) {
      DnsSyncResult result = cleanupDns(edge);
      if (!result.synced()) {
        LOG.warn(
            "keeping finalizer on {}/{}: DNS cleanup {}: {}",
            edge.getMetadata().getNamespace(),
            edge.getMetadata().getName(),
            result.reason(),
            result.message());
        return DeleteControl.noFinalizerRemoval()
            .rescheduleAfter(Optional.ofNullable(result.retryAfter()).orElse(DNS_ERROR_RETRY));
      }
    }
    deleteProxyTier(context.getClient(), edge);
    return DeleteControl.defaultDelete();
  }

  /**
   * Owner references let the garbage collector do this on a real cluster; deleting here as well
   * makes removal immediate and does not depend on a collector being present.
   */
  static void deleteProxyTier(KubernetesClient client, RegionalEdge edge) {
    String ns = edge.getMetadata().getNamespace();
    Map<String, String> ours =
        Map.of(
            ProxyLabels.INSTANCE,
            edge.getMetadata().getName(),
            ProxyLabels.MANAGED_BY,
            ProxyLabels.MANAGED_BY_VALUE);
    client.apps().deployments().inNamespace(ns).withLabels(ours).delete();
    client.services().inNamespace(ns).withLabels(ours).delete();
    client.policy().v1().podDisruptionBudget().inNamespace(ns).withLabels(ours).delete();
    client.configMaps().inNamespace(ns).withLabels(ours).delete();
  }

  @Override
  public ErrorStatusUpdateControl<RegionalEdge> updateErrorStatus(
      RegionalEdge edge, Context<RegionalEdge> context, Exception e) {
    RegionalEdgeStatus before =
        Optional.ofNullable(edge.getStatus()).orElseGet(RegionalEdgeStatus::new);
    String message = String.valueOf(e.getMessage());
    if (message.length() > 500) {
      message = message.substring(0, 500) + "...";
    }
    List<Condition> conditions =
        set(
            before.getConditions(),
            StatusConditions.READY,
            "False",
            "ReconcileError",
            message,
            edge.getMetadata().getGeneration());
    if (!StatusConditions.changed(before.getConditions(), conditions, StatusConditions.READY)) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    events.warning(edge, "ReconcileError", message);
    before.setConditions(conditions);
    before.setRegion(region);
    writeStatus(edge, context, before);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * A PUT of /status conditioned on the resourceVersion the status was computed from (a 409
   * re-reads and retries), its answer kept in the cache so the next reconcile sees its own write.
   * JOSDK's patchStatus sends an index-based JSON Patch against the cache with no resourceVersion,
   * which a stale cache can misapply.
   */
  private static void writeStatus(
      RegionalEdge edge, Context<RegionalEdge> context, RegionalEdgeStatus status) {
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        edge,
        context,
        latest -> {
          latest.setStatus(status);
          return latest;
        });
  }

  /**
   * Events only when a condition changes status or reason, never on every reconcile: Ready in both
   * directions (its reason says why not), and DNS sync going wrong or right again.
   */
  private void announceTransitions(
      RegionalEdge edge, List<Condition> before, List<Condition> after) {
    if (StatusConditions.changed(before, after, StatusConditions.READY)) {
      Condition ready = StatusConditions.find(after, StatusConditions.READY).orElseThrow();
      if ("True".equals(ready.getStatus())) {
        events.normal(edge, "Ready", ready.getMessage());
      } else if ("RegionNotListed".equals(ready.getReason())) {
        events.normal(edge, ready.getReason(), ready.getMessage());
      } else {
        events.warning(edge, ready.getReason(), ready.getMessage());
      }
    }
    Optional<Condition> planned =
        StatusConditions.find(after, StatusConditions.DNS_SYNCED)
            .filter(c -> "DryRun".equals(c.getReason()));
    if (planned.isPresent()) {
      // --dry-run: every new plan is an event (a plan changes with the cluster, not in steady
      // state)
      String was =
          StatusConditions.find(before, StatusConditions.DNS_SYNCED)
              .map(Condition::getMessage)
              .orElse(null);
      if (!planned.get().getMessage().equals(was)) {
        events.normal(edge, "DnsDryRun", planned.get().getMessage());
      }
    } else if (StatusConditions.changed(before, after, StatusConditions.DNS_SYNCED)) {
      Condition dns = StatusConditions.find(after, StatusConditions.DNS_SYNCED).orElseThrow();
      if ("False".equals(dns.getStatus())) {
        events.warning(edge, "Dns" + dns.getReason(), dns.getMessage());
      } else if ("True".equals(dns.getStatus())) {
        events.normal(edge, "DnsSynced", dns.getMessage());
      }
    }
  }

  private static boolean sameStatus(RegionalEdgeStatus a, RegionalEdgeStatus b) {
    return Serialization.asJson(a).equals(Serialization.asJson(b));
  }

  private List<Condition> set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Long generation) {
    return StatusConditions.set(conditions, type, status, reason, message, generation, clock);
  }
}
