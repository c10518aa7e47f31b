package io.regionaledge.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kubelet would run for a pod's container, translated to a local process: the args and
 * environment of the pod template (envFrom and env resolved, {@code $(VAR)} expanded), its volumes
 * written to a directory per pod with mount paths rewritten to point there, and its ports rebound:
 * a port with a hostPort listens on the node's address and that hostPort (as hostPort does), every
 * other port on the pod's own address (as the pod network does).
 */
public record LaunchPlan(List<String> args, Map<String, String> env, Path podDir) {
  private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  /** Flags and variables of the proxy contract that carry a HOST:PORT to bind. */
  static final List<String> LISTEN_FLAGS = List.of("--listen", "--admin-listen");

  /** A volume or variable source that does not exist (yet): the pod stays ContainerCreating. */
  public static final class NotReadyToStart extends Exception {
    public NotReadyToStart(String message) {
      super(message);
    }
  }

  public record PodPlace(
      String namespace, String podName, String podAddress, String nodeName, String nodeAddress) {}

  public static LaunchPlan resolve(
      KubernetesClient client, PodSpec spec, Container container, PodPlace place, Path podDir)
      throws NotReadyToStart {
    Map<String, Path> mounts = writeVolumes(client, spec, container, place.namespace(), podDir);
    Map<String, String> env = environment(client, container, place);
    List<String> args = new ArrayList<>();
    if (container.getArgs() != null) {
      container.getArgs().forEach(a -> args.add(expand(a, env)));
    }
    List<String> mountPaths =
        mounts.keySet().stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    args.replaceAll(a -> rewritePaths(a, mountPaths, mounts));
    env.replaceAll((k, v) -> rewritePaths(v, mountPaths, mounts));
    rebindListeners(args, env, container.getPorts(), place);
    return new LaunchPlan(args, env, podDir);
  }

  /** Path of a file the container sees at containerPath, on this machine. */
  public static Path hostPath(Path podDir, String containerPath) {
    return podDir.resolve("root").resolve(containerPath.replaceFirst("^/+", ""));
  }

  private static Map<String, Path> writeVolumes(
      KubernetesClient client, PodSpec spec, Container container, String namespace, Path podDir)
      throws NotReadyToStart {
    Map<String, Volume> volumes = new LinkedHashMap<>();
    if (spec.getVolumes() != null) {
      spec.getVolumes().forEach(v -> volumes.put(v.getName(), v));
    }
    Map<String, Path> mounts = new LinkedHashMap<>();
    if (container.getVolumeMounts() == null) {
      return mounts;
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume = volumes.get(mount.getName());
      if (volume == null) {
        throw new NotReadyToStart("volume mount " + mount.getName() + " has no volume");
      }
      Path dir = hostPath(podDir, mount.getMountPath());
      Map<String, byte[]> files = volumeFiles(client, volume, namespace);
      try {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
          if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
            if (file.getKey().equals(mount.getSubPath())) {
              Files.createDirectories(dir.getParent());
              Files.deleteIfExists(dir);
              Files.write(dir, file.getValue());
            }
            continue;
          }
          Path target = dir.resolve(file.getKey());
          Files.createDirectories(target.getParent());
          Files.write(target, file.getValue());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write volume " + mount.getName() + " to " + dir, e);
      }
      mounts.put(mount.getMountPath().replaceAll("/+$", ""), dir);
    }
    return mounts;
  }

  private static Map<String, byte[]> volumeFiles(
      KubernetesClient client, Volume volume, String namespace) throws NotReadyToStart {
    Map<String, byte[]> files = new LinkedHashMap<>();
    if (volume.getSecret() != null) {
      String name = volume.getSecret().getSecretName();
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret == null) {
        if (Boolean.TRUE.equals(volume.getSecret().getOptional())) {
          return files;
        }
        throw new NotReadyToStart(
            "MountVolume.SetUp failed for volume \""
                + volume.getName()
                + "\": secret \""
                + name
                + "\" not found");
      }
      Map<String, byte[]> data = new LinkedHashMap<>();
      if (secret.getData() != null) {
        secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
      }
      if (secret.getStringData() != null) {
        secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
      }
      project(data, volume.getSecret().getItems(), files);
    } else if (volume.getConfigMap() != null) {
      String name = volume.getConfigMap().getName();
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
      if (map == null) {
        if (Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
          return files;
        }
        throw new NotReadyToStart(
            "MountVolume.SetUp failed for volume \""
                + volume.getName()
                + "\": configmap \""
                + name
                + "\" not found");
      }
      Map<String, byte[]> data = new LinkedHashMap<>();
      if (map.getData() != null) {
        map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
      }
      if (map.getBinaryData() != null) {
        map.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
      }
      project(data, volume.getConfigMap().getItems(), files);
    } else if (volume.getEmptyDir() == null) {
      throw new NotReadyToStart(
          "volume "
              + volume.getName()
              + ": only secret, configMap and emptyDir volumes are "
              + "emulated by the e2e world");
    }
    return files;
  }

  private static void project(
      Map<String, byte[]> data, List<KeyToPath> items, Map<String, byte[]> files) {
    if (items == null || items.isEmpty()) {
      files.putAll(data);
      return;
    }
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value != null) {
        files.put(item.getPath(), value);
      }
    }
  }

  private static Map<String, String> environment(
      KubernetesClient client, Container container, PodPlace place) throws NotReadyToStart {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnvFrom() != null) {
      for (EnvFromSource from : container.getEnvFrom()) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
          ConfigMap map =
              client
                  .configMaps()
                  .inNamespace(place.namespace())
                  .withName(from.getConfigMapRef().getName())
                  .get();
          if (map == null) {
            if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
              continue;
            }
            throw new NotReadyToStart(
                "configmap \"" + from.getConfigMapRef().getName() + "\" not found");
          }
          if (map.getData() != null) {
            map.getData().forEach((k, v) -> env.put(prefix + k, v));
          }
        }
        if (from.getSecretRef() != null) {
          Secret secret =
              client
                  .secrets()
                  .inNamespace(place.namespace())
                  .withName(from.getSecretRef().getName())
                  .get();
          if (secret == null) {
            if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
              continue;
            }
            throw new NotReadyToStart("secret \"" + from.getSecretRef().getName() + "\" not found");
          }
          if (secret.getData() != null) {
            secret
                .getData()
                .forEach(
                    (k, v) ->
                        env.put(
                            prefix + k,
                            new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
          }
        }
      }
    }
    if (container.getEnv() != null) {
      for (EnvVar var : container.getEnv()) {
        String value =
            var.getValueFrom() != null
                ? valueFrom(client, var, place)
                : expand(var.getValue() == null ? "" : var.getValue(), env);
        if (value != null) {
          env.put(var.getName(), value);
        }
      }
    }
    return env;
  }

  private static String valueFrom(KubernetesClient client, EnvVar var, PodPlace place)
      throws NotReadyToStart {
    EnvVarSource source = var.getValueFrom();
    if (source.getFieldRef() != null) {
      String path = source.getFieldRef().getFieldPath();
      return switch (path) {
        case "metadata.name" -> place.podName();
        case "metadata.namespace" -> place.namespace();
        case "spec.nodeName" -> place.nodeName();
        case "status.podIP" -> place.podAddress();
        case "status.hostIP" -> place.nodeAddress();
        default ->
            throw new NotReadyToStart(
                "env " + var.getName() + ": fieldRef " + path + " is not emulated");
      };
    }
    if (source.getConfigMapKeyRef() != null) {
      ConfigMap map =
          client
              .configMaps()
              .inNamespace(place.namespace())
              .withName(source.getConfigMapKeyRef().getName())
              .get();
      String value =
          map == null || map.getData() == null
              ? null
              : map.getData().get(source.getConfigMapKeyRef().getKey());
      if (value == null && !Boolean.TRUE.equals(source.getConfigMapKeyRef().getOptional())) {
        throw new NotReadyToStart(
            "env "
                + var.getName()
                + ": configmap key "
                + source.getConfigMapKeyRef().getName()
                + "/"
                + source.getConfigMapKeyRef().getKey()
                + " not found");
      }
      return value;
    }
    if (source.getSecretKeyRef() != null) {
      Secret secret =
          client
              .secrets()
              .inNamespace(place.namespace())
              .withName(source.getSecretKeyRef().getName())
              .get();
      String value =
          secret == null || secret.getData() == null
              ? null
              : secret.getData().get(source.getSecretKeyRef().getKey());
      if (value == null) {
        if (Boolean.TRUE.equals(source.getSecretKeyRef().getOptional())) {
          return null;
        }
        throw new NotReadyToStart(
            "env "
                + var.getName()
                + ": secret key "
                + source.getSecretKeyRef().getName()
                + "/"
                + source.getSecretKeyRef().getKey()
                + " not found");
      }
      return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }
    // resourceFieldRef (limits) has no meaning for a local process
    return null;
  }

  static String expand(String value, Map<String, String> env) {
    Matcher m = VAR_REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = env.getOrDefault(m.group(1), m.group(0));
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** One pass, so a rewritten path is never rewritten again by a shorter mount path (e.g. /tmp). */
  static String rewritePaths(String value, List<String> mountPaths, Map<String, Path> mounts) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    outer:
    while (i < value.length()) {
      boolean startsToken = i == 0 || "=, :".indexOf(value.charAt(i - 1)) >= 0;
      if (startsToken) {
        for (String mountPath : mountPaths) {
          int end = i + mountPath.length();
          if (value.startsWith(mountPath, i)
              && (end == value.length() || value.charAt(end) == '/')) {
            out.append(mounts.get(mountPath));
            i = end;
            continue outer;
          }
        }
      }
      out.append(value.charAt(i++));
    }
    return out.toString();
  }

  private static void rebindListeners(
      List<String> args, Map<String, String> env, List<ContainerPort> ports, PodPlace place) {
    for (String flag : LISTEN_FLAGS) {
      boolean inArgs = false;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.startsWith(flag + "=")) {
          args.set(i, flag + "=" + rebind(arg.substring(flag.length() + 1), ports, place));
          inArgs = true;
        } else if (arg.equals(flag) && i + 1 < args.size()) {
          args.set(i + 1, rebind(args.get(i + 1), ports, place));
          inArgs = true;
        }
      }
      String variable =
          "REGIONALEDGE_" + flag.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
      if (env.containsKey(variable)) {
        env.put(variable, rebind(env.get(variable), ports, place));
      } else if (!inArgs) {
        // the proxy's default (0.0.0.0:port) would collide between pods: bind it the same way
        String defaultListen = flag.equals("--listen") ? "0.0.0.0:8443" : "0.0.0.0:9090";
        args.add(flag + "=" + rebind(defaultListen, ports, place));
      }
    }
  }

  static String rebind(String hostPort, List<ContainerPort> ports, PodPlace place) {
    int colon = hostPort.lastIndexOf(':');
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    if (ports != null) {
      for (ContainerPort p : ports) {
        if (p.getContainerPort() != null
            && p.getContainerPort() == port
            && p.getHostPort() != null
            && p.getHostPort() > 0) {
          return place.nodeAddress() + ":" + p.getHostPort();
        }
      }
    }
    return place.podAddress() + ":" + port;
  }
}
