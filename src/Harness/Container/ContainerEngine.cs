using System.Collections.Concurrent;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using Vnetconf.Guest;
using Vnetconf.Model;
using Version = System.Version;

namespace Vnetconf.Container;

/// <summary>
/// The Docker engine on the local socket, for what Testcontainers does not offer: the API version check, whether the
/// QEMU image is built, a container's first process as the host sees it, and the removal of containers whose owning
/// harness is gone. Ryuk (Testcontainers' reaper) is not used: it would have to be pulled from a registry, and the
/// suite already knows which containers are its own: each carries <see cref="OwnerLabel"/> with its harness's pid.
/// </summary>
public sealed class ContainerEngine : IDisposable
{
    public const string DefaultEndpoint = "unix:///var/run/docker.sock";

    /// <summary>DOCKER_HOST when set (as the docker client and Testcontainers read it), else the local engine's socket.</summary>
    public static string Endpoint =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : DefaultEndpoint;

    /// <summary>Built by setup/container-fixtures from Debian 13's qemu-system-x86: the QEMU of <c>--qemu container</c>.</summary>
    public static string QemuImage => Default.Reference;

    public const string OwnerLabel = "vnetconf.owner";
    public const string Fix = "run setup/container-fixtures";

    private static readonly QemuSpec.InImage Default = new QemuSpec.Container();

    /// <summary>Each image's QEMU version, asked once per process: an image is fixed by its tag for the run, and asking starts a container.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<QemuVersion>> ImageQemus = new(StringComparer.Ordinal);

    /// <summary>Testcontainers 4.x refuses engines below API 1.44 (Debian 12's docker.io 20.10 speaks 1.41).</summary>
    public static readonly Version MinimumApiVersion = new(1, 44);

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    private readonly DockerClient client;

    private ContainerEngine(DockerClient client) => this.client = client;

    /// <summary>
    /// A container of the suite's on this engine: labelled with this process as its owner (<see cref="SweepStale"/>
    /// removes it once the owner is gone), removed by the engine when it exits, and never handed to Ryuk, which would
    /// have to be pulled from a registry. Quiet: Testcontainers' progress lines would land in the harness's stdout (the
    /// CLI's report, the lab holder's READY line); what matters on a failure is in the error the caller builds.
    /// </summary>
    public static ContainerBuilder OwnedContainer(string image)
    {
        TestcontainersSettings.ResourceReaperEnabled = false;
        return new ContainerBuilder(image)
            .WithDockerEndpoint(Endpoint)
            .WithLogger(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
            .WithLabel(OwnerLabel, Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
            .WithAutoRemove(true)
            .WithCleanUp(false);
    }

    /// <summary>Connects and checks the API version and the QEMU image of <paramref name="qemu"/> (default: Debian 13's).</summary>
    /// <exception cref="ContainerEngineUnavailableException">what is missing, and the fix</exception>
    public static ContainerEngine Connect(QemuSpec.InImage? qemu = null)
    {
        qemu ??= Default;
        var client = new DockerClientBuilder().WithEndpoint(new Uri(Endpoint)).WithTimeout(CallTimeout).Build();
        try
        {
            VersionResponse version;
            try
            {
                version = Call(token => client.System.GetVersionAsync(token));
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or OperationCanceledException or DockerApiException)
            {
                throw new ContainerEngineUnavailableException($"no Docker engine at {Endpoint}: {Fix} ({e.GetBaseException().Message})");
            }
            var api = Version.Parse(version.APIVersion);
            if (api < MinimumApiVersion)
                throw new ContainerEngineUnavailableException(
                    $"the Docker engine at {Endpoint} speaks API {api} ({version.Version}); Testcontainers 4.x needs {MinimumApiVersion} or later: {Fix}");
            try
            {
                Call(token => client.Images.InspectImageAsync(qemu.Reference, token));
            }
            catch (DockerImageNotFoundException)
            {
                throw new ContainerEngineUnavailableException($"no image {qemu.Reference} in the Docker engine at {Endpoint}: {qemu.Fix}");
            }
            return new ContainerEngine(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The Container category's requirement: an engine with API ≥ <see cref="MinimumApiVersion"/> and the QEMU image.</summary>
    public static readonly Requirement Available = new("a container engine with the QEMU image", () =>
    {
        try
        {
            using var engine = Connect();
            return null;
        }
        catch (ContainerEngineUnavailableException e)
        {
            return e.Message;
        }
    });

    /// <summary>
    /// The <c>qemu-system-x86_64 --version</c> of <paramref name="qemu"/>'s image, from a container that runs only that
    /// (no network, no capabilities) and is removed at once; asked once per image and process.
    /// </summary>
    /// <exception cref="ContainerEngineUnavailableException">the image has no qemu-system-x86_64 on its PATH, or it names no version</exception>
    public QemuVersion QemuVersionOf(QemuSpec.InImage qemu) =>
        ImageQemus.GetOrAdd(qemu.Reference, _ => new Lazy<QemuVersion>(() => AskQemuVersion(qemu))).Value;

    private QemuVersion AskQemuVersion(QemuSpec.InImage qemu)
    {
        var id = Call(token => client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = qemu.Reference,
            Entrypoint = [QemuArguments.Binary],
            Cmd = ["--version"],
            Labels = new Dictionary<string, string> { [OwnerLabel] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) },
            HostConfig = new HostConfig { NetworkMode = "none" },
        }, token)).ID;
        try
        {
            try
            {
                Call(token => client.Containers.StartContainerAsync(id, new ContainerStartParameters(), token));
            }
            catch (DockerApiException e)
            {
                // The runtime refuses to start a missing entrypoint ("executable file not found in $PATH").
                throw new ContainerEngineUnavailableException(
                    $"the image {qemu.Reference} holds no {QemuArguments.Binary} on its PATH ({e.Message.Split('\n')[0].Trim()}): {qemu.Fix}");
            }
            var exit = Call(token => client.Containers.WaitContainerAsync(id, token)).StatusCode;
            var (stdout, stderr) = Call(async token =>
            {
                using var logs = await client.Containers.GetContainerLogsAsync(id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, token);
                return await logs.ReadOutputToEndAsync(token);
            });
            try
            {
                return exit == 0
                    ? QemuVersion.Parse(stdout)
                    : throw new FormatException($"{QemuArguments.Binary} --version exited with {exit}: {stderr.Trim().Split('\n')[0]}");
            }
            catch (FormatException e)
            {
                throw new ContainerEngineUnavailableException($"the {QemuArguments.Binary} of the image {qemu.Reference} does not run as QEMU ({e.Message}): {qemu.Fix}");
            }
        }
        finally
        {
            Remove(id);
        }
    }

    /// <summary>The host pid of the container's first process (the entrypoint): <c>/proc/PID/ns/net</c> is its namespace.</summary>
    public int FirstProcessId(string containerId)
    {
        var pid = Call(token => client.Containers.InspectContainerAsync(containerId, token)).State?.Pid ?? 0;
        return pid > 0 ? (int)pid : throw new InvalidOperationException($"container {containerId} has no running process (it exited)");
    }

    /// <summary>Containers labelled as owned by the process <paramref name="ownerPid"/>.</summary>
    public IReadOnlyList<string> OwnedBy(int ownerPid) =>
        Labelled().Where(c => c.Owner == ownerPid).Select(c => c.Id).ToList();

    /// <summary>Force-removes a container (killing what runs in it); one that is already gone is fine.</summary>
    public void Remove(string containerId)
    {
        try
        {
            Call(async token =>
            {
                await client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, token);
                return true;
            });
        }
        catch (DockerContainerNotFoundException)
        {
            // AutoRemove or the lifeline got there first
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // "removal already in progress": AutoRemove is removing it
        }
    }

    /// <summary>
    /// Removes the containers whose owning harness no longer exists (a SIGKILLed run whose container outlived it,
    /// e.g. killed before its lifeline was watched); returns how many.
    /// </summary>
    public int SweepStale()
    {
        var stale = Labelled().Where(c => !Directory.Exists($"/proc/{c.Owner}")).ToList();
        foreach (var (id, _) in stale) Remove(id);
        return stale.Count;
    }

    public void Dispose() => client.Dispose();

    private IEnumerable<(string Id, int Owner)> Labelled()
    {
        var containers = Call(token => client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [OwnerLabel] = true } },
        }, token));
        foreach (var container in containers)
            if (int.TryParse(container.Labels[OwnerLabel], NumberStyles.None, CultureInfo.InvariantCulture, out var owner))
                yield return (container.ID, owner);
    }

    /// <summary>Every engine call is bounded: a wedged engine fails the call instead of hanging the run.</summary>
    private static T Call<T>(Func<CancellationToken, Task<T>> call)
    {
        using var deadline = new CancellationTokenSource(CallTimeout);
        return call(deadline.Token).GetAwaiter().GetResult();
    }
}
