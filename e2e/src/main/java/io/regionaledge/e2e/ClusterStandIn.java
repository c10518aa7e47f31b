package io.regionaledge.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays what the mock API server lacks in one cluster: the Deployment controller (pods from the pod
 * template, rolling updates, status), the scheduler (one pod per node and hostPort), the kubelet
 * (runs each pod's container as a real proxy process, probes its readiness, restarts it when it
 * dies, SIGTERM-then-wait on termination) and the garbage collector (owner references). All state
 * lives on one thread; the API server is the only thing shared with the operator.
 */
public final class ClusterStandIn implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterStandIn.class);
  static final String TEMPLATE_HASH = "pod-template-hash";

  /** Tunables, scaled down for tests. */
  public record Settings(
      Duration tick, Duration probeTimeout, Duration firstRestartDelay, Duration maxRestartDelay) {
    public static Settings defaults() {
      return new Settings(
          Duration.ofMillis(200),
          Duration.ofMillis(800),
          Duration.ofMillis(1500),
          Duration.ofSeconds(5));
    }
  }

  private final String cluster;
  private final KubernetesClient client;
  private final RegionPlan plan;
  private final List<NodeInfo> nodes;
  private final Path workDir;
  private final ProxyImage image;
  private final Settings settings;
  private final ScheduledExecutorService loop;
  private final Map<String, PodRun> pods = new LinkedHashMap<>();
  private final Set<String> downNodes = new HashSet<>();
  private Instant lastGc = Instant.EPOCH;
  private SharedIndexInformer<Deployment> deployments;
  private volatile List<PodState> snapshot = List.of();
  private int podCounter;

  public ClusterStandIn(
      String cluster,
      KubernetesClient client,
      RegionPlan plan,
      List<NodeInfo> nodes,
      Path workDir,
      ProxyImage image,
      Settings settings) {
    this.cluster = cluster;
    this.client = client;
    this.plan = plan;
    this.nodes = List.copyOf(nodes);
    this.workDir = workDir;
    this.image = image;
    this.settings = settings;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "standin-" + cluster);
              t.setDaemon(true);
              return t;
            });
  }

  public void start() {
    deployments =
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment d) {
                    loop.execute(ClusterStandIn.this::reconcileSafely);
                  }

                  @Override
                  public void onUpdate(Deployment before, Deployment after) {
                    loop.execute(ClusterStandIn.this::reconcileSafely);
                  }

                  @Override
                  public void onDelete(Deployment d, boolean unknownFinalState) {
                    loop.execute(ClusterStandIn.this::reconcileSafely);
                  }
                },
                0);
    loop.scheduleWithFixedDelay(this::tick, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The pods as of the last tick. */
  public List<PodState> pods() {
    return snapshot;
  }

  /** SIGKILLs a pod's container, as a crash would; the kubelet restarts it after a back-off. */
  public void killContainer(String podName) {
    onLoop(
        () -> {
          PodRun run = find(podName);
          if (run.process != null) {
            run.process.kill();
          }
          return null;
        });
  }

  /** A node loses power: its containers die and stay dead, its pods turn unready. */
  public void nodeDown(String nodeName) {
    onLoop(
        () -> {
          downNodes.add(nodeName);
          for (PodRun run : pods.values()) {
            if (run.node.name().equals(nodeName) && run.process != null) {
              run.process.kill();
            }
          }
          return null;
        });
  }

  /** The node comes back: the kubelet starts its pods' containers again. */
  public void nodeUp(String nodeName) {
    onLoop(
        () -> {
          downNodes.remove(nodeName);
          for (PodRun run : pods.values()) {
            if (run.node.name().equals(nodeName)) {
              run.nextStartAt = Instant.EPOCH;
              run.restartBackoff = null;
            }
          }
          return null;
        });
  }

  public List<NodeInfo> nodes() {
    return nodes;
  }

  @Override
  public void close() {
    if (deployments != null) {
      deployments.close();
    }
    try {
      onLoop(
          () -> {
            pods.values()
                .forEach(
                    run -> {
                      if (run.process != null) {
                        run.process.terminate();
                      }
                    });
            return null;
          });
    } catch (RuntimeException e) {
      LOG.debug("stand-in of {} closing: {}", cluster, e.toString());
    }
    loop.shutdownNow();
    // give drains a moment, then make sure nothing outlives the world
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    for (PodRun run : pods.values()) {
      while (run.process != null && run.process.alive() && System.nanoTime() < deadline) {
        sleep(50);
      }
      if (run.process != null && run.process.alive()) {
        run.process.kill();
      }
    }
  }

  private <T> T onLoop(Callable<T> action) {
    try {
      return loop.submit(action).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("stand-in of " + cluster + " did not answer within 10s", e);
    }
  }

  private PodRun find(String podName) {
    return pods.values().stream()
        .filter(p -> p.name.equals(podName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no pod " + podName + " in " + cluster));
  }

  // ---- the loop ----

  private void tick() {
    try {
      reconcile();
      for (PodRun run : new ArrayList<>(pods.values())) {
        kubelet(run);
      }
      collectGarbage();
      writeDeploymentStatuses();
      publishSnapshot();
    } catch (RuntimeException e) {
      LOG.warn("stand-in of {}: {}", cluster, e.toString(), e);
    }
  }

  private void reconcileSafely() {
    try {
      reconcile();
      writeDeploymentStatuses();
      publishSnapshot();
    } catch (RuntimeException e) {
      LOG.warn("stand-in of {}: {}", cluster, e.toString(), e);
    }
  }

  private void reconcile() {
    Map<String, Deployment> current = new LinkedHashMap<>();
    for (Deployment d : deployments.getStore().list()) {
      if (d.getMetadata().getDeletionTimestamp() == null) {
        current.put(key(d.getMetadata().getNamespace(), d.getMetadata().getName()), d);
      }
    }
    // pods whose Deployment is gone are collected, as their ReplicaSet would be
    for (PodRun run : pods.values()) {
      if (!current.containsKey(run.deploymentKey) && !run.terminating) {
        startTermination(run, "deployment deleted");
      }
    }
    for (Map.Entry<String, Deployment> entry : current.entrySet()) {
      reconcile(entry.getKey(), entry.getValue());
    }
  }

  private void reconcile(String deploymentKey, Deployment d) {
    String hash = templateHash(d);
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    List<PodRun> active =
        pods.values().stream()
            .filter(p -> p.deploymentKey.equals(deploymentKey) && !p.terminating)
            .toList();
    int terminatingOld =
        (int)
            pods.values().stream()
                .filter(
                    p ->
                        p.deploymentKey.equals(deploymentKey)
                            && p.terminating
                            && !p.templateHash.equals(hash))
                .count();
    List<Rollout.PodView> views =
        active.stream()
            .map(p -> new Rollout.PodView(p.name, p.templateHash.equals(hash), p.ready))
            .toList();
    Rollout.Step step = Rollout.plan(desired, d.getSpec().getStrategy(), views, terminatingOld);
    for (String name : step.terminate()) {
      startTermination(find(name), "rollout");
    }
    for (int i = 0; i < step.create(); i++) {
      NodeInfo node = schedule(d);
      if (node == null) {
        break; // Pending until a node frees up (hostPort held by a terminating pod)
      }
      createPod(deploymentKey, d, hash, node);
    }
  }

  private NodeInfo schedule(Deployment d) {
    PodSpec spec = d.getSpec().getTemplate().getSpec();
    Set<Integer> wanted = hostPorts(spec);
    Map<String, String> selector =
        spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
    String deploymentKey = key(d.getMetadata().getNamespace(), d.getMetadata().getName());
    return nodes.stream()
        .filter(n -> !downNodes.contains(n.name()))
        .filter(
            n ->
                selector.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(n.labels().get(e.getKey()))))
        .filter(
            n ->
                pods.values().stream()
                    .noneMatch(
                        p ->
                            p.node.name().equals(n.name())
                                && hostPorts(p.spec).stream().anyMatch(wanted::contains)))
        .min(
            Comparator.<NodeInfo>comparingLong(
                    n ->
                        pods.values().stream()
                            .filter(
                                p ->
                                    p.node.name().equals(n.name())
                                        && p.deploymentKey.equals(deploymentKey))
                            .count())
                .thenComparingLong(
                    n -> pods.values().stream().filter(p -> p.node.name().equals(n.name())).count())
                .thenComparing(NodeInfo::name))
        .orElse(null);
  }

  private static Set<Integer> hostPorts(PodSpec spec) {
    Set<Integer> ports = new HashSet<>();
    for (Container c : spec.getContainers()) {
      if (c.getPorts() != null) {
        for (ContainerPort p : c.getPorts()) {
          if (p.getHostPort() != null && p.getHostPort() > 0) {
            ports.add(p.getHostPort());
          }
        }
      }
    }
    return ports;
  }

  private void createPod(String deploymentKey, Deployment d, String hash, NodeInfo node) {
    String namespace = d.getMetadata().getNamespace();
    String name = d.getMetadata().getName() + "-" + hash + "-" + randomSuffix();
    String podAddress = plan.podAddress(++podCounter);
    Map<String, String> labels = new LinkedHashMap<>();
    if (d.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(d.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put(TEMPLATE_HASH, hash);
    OwnerReference owner =
        new OwnerReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(d.getMetadata().getName())
            .withUid(d.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build();
    PodSpec spec = Serialization.clone(d.getSpec().getTemplate().getSpec());
    spec.setNodeName(node.name());
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .withLabels(labels)
            .withAnnotations(d.getSpec().getTemplate().getMetadata().getAnnotations())
            .withOwnerReferences(owner)
            .endMetadata()
            .withSpec(spec)
            .build();
    client.pods().inNamespace(namespace).resource(pod).create();
    PodRun run =
        new PodRun(
            namespace,
            name,
            deploymentKey,
            hash,
            node,
            podAddress,
            spec,
            workDir.resolve(cluster).resolve(name));
    pods.put(key(namespace, name), run);
    LOG.info("{}: pod {} scheduled on {} ({})", cluster, name, node.name(), node.address());
  }

  private void startTermination(PodRun run, String why) {
    if (run.terminating) {
      return;
    }
    run.terminating = true;
    run.ready = false;
    Long grace = run.spec.getTerminationGracePeriodSeconds();
    run.killAt = Instant.now().plusSeconds(grace == null ? 30 : grace);
    if (run.process != null) {
      run.process.terminate();
    }
    LOG.info("{}: terminating pod {} ({})", cluster, run.name, why);
  }

  // ---- kubelet ----

  private void kubelet(PodRun run) {
    Instant now = Instant.now();
    if (run.terminating) {
      if (run.process == null || !run.process.alive()) {
        deletePod(run);
        return;
      }
      if (now.isAfter(run.killAt)) {
        run.process.kill();
      }
      writePodStatus(run);
      return;
    }
    if (downNodes.contains(run.node.name())) {
      run.ready = false;
      writePodStatus(run);
      return;
    }
    if (run.process != null && !run.process.alive()) {
      run.restarts++;
      run.ready = false;
      run.restartBackoff =
          run.restartBackoff == null
              ? settings.firstRestartDelay()
              : min(run.restartBackoff.multipliedBy(2), settings.maxRestartDelay());
      run.nextStartAt = now.plus(run.restartBackoff);
      run.waiting = "CrashLoopBackOff";
      LOG.info(
          "{}: container of {} exited ({}), restart in {} ms; last output:\n{}",
          cluster,
          run.name,
          run.process.exitCode(),
          run.restartBackoff.toMillis(),
          run.process.tail(8));
      run.process = null;
    }
    if (run.process == null && !now.isBefore(run.nextStartAt)) {
      startContainer(run);
    }
    if (run.process != null && run.process.alive()) {
      probe(run);
    }
    writePodStatus(run);
  }

  private void startContainer(PodRun run) {
    Container container = run.spec.getContainers().get(0);
    LaunchPlan.PodPlace place =
        new LaunchPlan.PodPlace(
            run.namespace, run.name, run.podAddress, run.node.name(), run.node.address());
    try {
      LaunchPlan launch = LaunchPlan.resolve(client, run.spec, container, place, run.dir);
      run.process = ProxyProcess.start(image, launch);
      run.startedAt = Instant.now();
      run.waiting = null;
      run.probeFailures = 0;
    } catch (LaunchPlan.NotReadyToStart e) {
      if (!Objects.equals(run.waiting, e.getMessage())) {
        LOG.info("{}: pod {} cannot start: {}", cluster, run.name, e.getMessage());
      }
      run.waiting = e.getMessage();
      run.nextStartAt = Instant.now().plusSeconds(1);
    }
  }

  private void probe(PodRun run) {
    Container container = run.spec.getContainers().get(0);
    Probe probe = container.getReadinessProbe();
    if (probe == null || probe.getHttpGet() == null) {
      run.ready = true;
      return;
    }
    int port = port(container, probe.getHttpGet().getPort());
    String path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
    boolean ok = httpGetOk("http://" + run.podAddress + ":" + port + path);
    int threshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
    if (ok) {
      run.probeFailures = 0;
      if (!run.ready) {
        LOG.info(
            "{}: pod {} ready, {} ms after its container started",
            cluster,
            run.name,
            Duration.between(run.startedAt, Instant.now()).toMillis());
      }
      run.ready = true;
    } else if (++run.probeFailures >= threshold || !run.ready) {
      run.ready = false;
    }
  }

  private boolean httpGetOk(String url) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout((int) settings.probeTimeout().toMillis());
      connection.setReadTimeout((int) settings.probeTimeout().toMillis());
      connection.setUseCaches(false);
      int status = connection.getResponseCode();
      try (InputStream in =
          status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        if (in != null) {
          in.readAllBytes();
        }
      }
      return status >= 200 && status < 400;
    } catch (IOException e) {
      return false;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private static int port(Container container, io.fabric8.kubernetes.api.model.IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    for (ContainerPort p : container.getPorts()) {
      if (port.getStrVal().equals(p.getName())) {
        return p.getContainerPort();
      }
    }
    throw new IllegalArgumentException(
        "probe port " + port.getStrVal() + " is not a named container port");
  }

  private void deletePod(PodRun run) {
    pods.remove(key(run.namespace, run.name));
    try {
      client.pods().inNamespace(run.namespace).withName(run.name).delete();
    } catch (KubernetesClientException e) {
      LOG.debug("{}: deleting pod {}: {}", cluster, run.name, e.getMessage());
    }
    LOG.info("{}: pod {} gone", cluster, run.name);
  }

  private void writePodStatus(PodRun run) {
    boolean running = run.process != null && run.process.alive();
    String fingerprint =
        running + "/" + run.ready + "/" + run.restarts + "/" + run.waiting + "/" + run.terminating;
    if (fingerprint.equals(run.writtenStatus)) {
      return;
    }
    Pod pod = client.pods().inNamespace(run.namespace).withName(run.name).get();
    if (pod == null) {
      return;
    }
    pod.setStatus(podStatus(run, running));
    try {
      client.pods().inNamespace(run.namespace).resource(pod).updateStatus();
      run.writtenStatus = fingerprint;
    } catch (KubernetesClientException e) {
      LOG.debug("{}: pod status of {} not written yet: {}", cluster, run.name, e.getMessage());
    }
  }

  private PodStatus podStatus(PodRun run, boolean running) {
    String now = Instant.now().toString();
    String ready = run.ready ? "True" : "False";
    List<PodCondition> conditions =
        List.of(
            new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("True")
                .withLastTransitionTime(now)
                .build(),
            new PodConditionBuilder()
                .withType("Initialized")
                .withStatus("True")
                .withLastTransitionTime(now)
                .build(),
            new PodConditionBuilder()
                .withType("ContainersReady")
                .withStatus(ready)
                .withLastTransitionTime(now)
                .build(),
            new PodConditionBuilder()
                .withType("Ready")
                .withStatus(ready)
                .withLastTransitionTime(now)
                .build());
    ContainerStatusBuilder container =
        new ContainerStatusBuilder()
            .withName(run.spec.getContainers().get(0).getName())
            .withImage(run.spec.getContainers().get(0).getImage())
            .withReady(run.ready)
            .withRestartCount(run.restarts)
            .withStarted(running);
    if (running) {
      container
          .withNewState()
          .withNewRunning()
          .withStartedAt(run.startedAt.toString())
          .endRunning()
          .endState();
    } else {
      container
          .withNewState()
          .withNewWaiting()
          .withReason(run.waiting == null ? "ContainerCreating" : "CreateContainerError")
          .withMessage(run.waiting)
          .endWaiting()
          .endState();
    }
    return new PodStatusBuilder()
        .withPhase(running || run.restarts > 0 ? "Running" : "Pending")
        .withHostIP(run.node.address())
        .withPodIP(run.podAddress)
        .withPodIPs(new PodIP(run.podAddress))
        .withStartTime(run.created.toString())
        .withConditions(conditions)
        .withContainerStatuses(container.build())
        .build();
  }

  // ---- Deployment status and garbage collection ----

  private void writeDeploymentStatuses() {
    for (Deployment d : deployments.getStore().list()) {
      String deploymentKey = key(d.getMetadata().getNamespace(), d.getMetadata().getName());
      String hash = templateHash(d);
      int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      List<PodRun> mine =
          pods.values().stream().filter(p -> p.deploymentKey.equals(deploymentKey)).toList();
      int replicas = (int) mine.stream().filter(p -> !p.terminating).count();
      int updated =
          (int) mine.stream().filter(p -> !p.terminating && p.templateHash.equals(hash)).count();
      int ready = (int) mine.stream().filter(p -> !p.terminating && p.ready).count();
      DeploymentStatus status =
          new DeploymentStatusBuilder()
              .withObservedGeneration(d.getMetadata().getGeneration())
              .withReplicas(replicas)
              .withUpdatedReplicas(updated)
              .withReadyReplicas(ready)
              .withAvailableReplicas(ready)
              .withUnavailableReplicas(Math.max(0, desired - ready))
              .withConditions(
                  condition(
                      "Available",
                      ready >= desired ? "True" : "False",
                      ready >= desired ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable"),
                  condition(
                      "Progressing",
                      "True",
                      updated == desired && replicas == desired
                          ? "NewReplicaSetAvailable"
                          : "ReplicaSetUpdated"))
              .build();
      if (sameCounts(status, d.getStatus())) {
        continue;
      }
      try {
        Deployment latest =
            client
                .apps()
                .deployments()
                .inNamespace(d.getMetadata().getNamespace())
                .withName(d.getMetadata().getName())
                .get();
        if (latest == null) {
          continue;
        }
        latest.setStatus(status);
        client
            .apps()
            .deployments()
            .inNamespace(d.getMetadata().getNamespace())
            .resource(latest)
            .updateStatus();
      } catch (KubernetesClientException e) {
        LOG.debug(
            "{}: deployment status of {} not written yet: {}",
            cluster,
            deploymentKey,
            e.getMessage());
      }
    }
  }

  private static DeploymentCondition condition(String type, String status, String reason) {
    String now = Instant.now().toString();
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withLastUpdateTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  private static boolean sameCounts(DeploymentStatus a, DeploymentStatus b) {
    return b != null
        && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        && Objects.equals(a.getReplicas(), b.getReplicas())
        && Objects.equals(a.getUpdatedReplicas(), b.getUpdatedReplicas())
        && Objects.equals(a.getReadyReplicas(), b.getReadyReplicas())
        && Objects.equals(a.getAvailableReplicas(), b.getAvailableReplicas())
        && Objects.equals(a.getUnavailableReplicas(), b.getUnavailableReplicas());
  }

  /** The mock has no garbage collector: delete what an owner reference says is orphaned. */
  private void collectGarbage() {
    Instant now = Instant.now();
    if (now.isBefore(lastGc.plusSeconds(1))) {
      return;
    }
    lastGc = now;
    List<HasMetadata> candidates = new ArrayList<>();
    candidates.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
    candidates.addAll(client.configMaps().inAnyNamespace().list().getItems());
    candidates.addAll(client.services().inAnyNamespace().list().getItems());
    candidates.addAll(
        client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems());
    for (HasMetadata object : candidates) {
      List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
      if (owners == null || owners.isEmpty()) {
        continue;
      }
      boolean orphaned =
          owners.stream().allMatch(o -> !ownerExists(object.getMetadata().getNamespace(), o));
      if (orphaned) {
        LOG.info(
            "{}: garbage-collecting {} {}/{}",
            cluster,
            object.getKind(),
            object.getMetadata().getNamespace(),
            object.getMetadata().getName());
        client.resource(object).delete();
      }
    }
  }

  private boolean ownerExists(String namespace, OwnerReference owner) {
    try {
      HasMetadata found =
          client
              .genericKubernetesResources(owner.getApiVersion(), owner.getKind())
              .inNamespace(namespace)
              .withName(owner.getName())
              .get();
      return found != null && Objects.equals(found.getMetadata().getUid(), owner.getUid());
    } catch (KubernetesClientException e) {
      return true; // unknown kind: leave it alone
    }
  }

  private void publishSnapshot() {
    List<PodState> states = new ArrayList<>();
    for (PodRun run : pods.values()) {
      boolean running = run.process != null && run.process.alive();
      states.add(
          new PodState(
              run.namespace,
              run.name,
              run.deploymentKey,
              run.node.name(),
              run.node.address(),
              run.podAddress,
              run.templateHash,
              running,
              run.ready,
              run.terminating,
              run.restarts,
              running ? run.process.pid() : -1,
              run.waiting));
    }
    snapshot = List.copyOf(states);
  }

  // ---- helpers ----

  static String templateHash(Deployment d) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  Serialization.asJson(d.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomSuffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Everything the stand-in knows about one pod; touched only on the loop thread. */
  private static final class PodRun {
    final String namespace;
    final String name;
    final String deploymentKey;
    final String templateHash;
    final NodeInfo node;
    final String podAddress;
    final PodSpec spec;
    final Path dir;
    final Instant created = Instant.now();
    ProxyProcess process;
    Instant startedAt = Instant.now();
    Instant nextStartAt = Instant.EPOCH;
    Duration restartBackoff;
    Instant killAt;
    boolean ready;
    boolean terminating;
    int restarts;
    int probeFailures;
    String waiting;
    String writtenStatus;

    PodRun(
        String namespace,
        String name,
        String deploymentKey,
        String templateHash,
        NodeInfo node,
        String podAddress,
        PodSpec spec,
        Path dir) {
      this.namespace = namespace;
      this.name = name;
      this.deploymentKey = deploymentKey;
      this.templateHash = templateHash;
      this.node = node;
      this.podAddress = podAddress;
      this.spec = spec;
      this.dir = dir;
    }
  }
}
