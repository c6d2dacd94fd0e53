using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Vnetconf.Interop;
using static Tmds.Linux.LibC;

namespace Vnetconf.Links;

/// <summary>
/// A network namespace and a dedicated OS thread that lives in it.
/// <para>
/// A lab namespace is made by <c>unshare(CLONE_NEWNET)</c> on its own thread and is kept alive only by that
/// thread and the fds opened in it: it is never bind-mounted, so when the process dies (even by SIGKILL) the
/// kernel drops the namespace and every link, address and socket in it. Sockets and TAPs opened through
/// <see cref="Run{T}(Func{T})"/> belong to the namespace for their whole life, whichever thread uses them later.
/// </para>
/// <para>
/// The host's own namespace is reachable as <see cref="Host"/>, for reading only, unless the caller names the
/// physical interfaces it may touch (<see cref="HostWithPermission"/>); see <see cref="NamespaceGuard"/>.
/// </para>
/// </summary>
public sealed class NetNamespace : IDisposable
{
    private static readonly Lazy<ulong> HostInodeLazy = new(() => InodeOf("/proc/self/ns/net"));

    /// <summary>Work on a namespace's thread is configuration (sockets, netlink, sysctls): it never takes this long.</summary>
    private static readonly TimeSpan WorkTimeout = TimeSpan.FromSeconds(60);
    private static int sequence;

    private readonly BlockingCollection<Action>? queue;
    private readonly Thread? thread;
    private readonly FileDescriptor? handle;
    private int disposed;

    private NetNamespace(string name, IReadOnlySet<string> permittedInterfaces)
    {
        Name = name;
        IsLabOwned = false;
        Inode = HostInodeLazy.Value;
        PermittedInterfaces = permittedInterfaces;
    }

    /// <param name="name">the namespace's readable name</param>
    /// <param name="enter">moves the new thread into the namespace: unshare for a fresh one, setns for an adopted one</param>
    private NetNamespace(string name, Action enter)
    {
        Name = name;
        IsLabOwned = true;
        PermittedInterfaces = new HashSet<string>();
        queue = new BlockingCollection<Action>();
        var ready = new TaskCompletionSource<(FileDescriptor, ulong)>(TaskCreationOptions.RunContinuationsAsynchronously);
        thread = new Thread(() => Serve(enter, ready)) { IsBackground = true, Name = $"netns {name}" };
        thread.Start();
        try
        {
            (handle, Inode) = ready.Task.GetAwaiter().GetResult();
        }
        catch
        {
            queue.CompleteAdding();
            thread.Join();
            queue.Dispose();
            throw;
        }
    }

    /// <summary>The machine's own namespace (the one this process started in), read-only.</summary>
    public static NetNamespace Host { get; } = new("host", new HashSet<string>());

    /// <summary>
    /// The host namespace with permission to change the named interfaces only: for a user who explicitly
    /// configured a physical NIC. Nothing else in the host namespace may be changed through it.
    /// </summary>
    public static NetNamespace HostWithPermission(IEnumerable<string> interfaces) =>
        new("host", new HashSet<string>(interfaces, StringComparer.Ordinal));

    /// <summary>Creates a fresh namespace. <paramref name="role"/> becomes part of its name in messages.</summary>
    public static NetNamespace Create(string role) =>
        // unshare(CLONE_NEWNET) affects only the calling thread, so the rest of the process stays put.
        new(UniqueName(role), () => Errno.Check(unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET)", role));

    /// <summary>
    /// Joins the existing namespace at <paramref name="path"/> on a dedicated thread, without unsharing anything:
    /// for the namespace of a container the suite itself just started (<c>/proc/PID/ns/net</c> of its first
    /// process), which then counts as a lab namespace because nothing but the suite's own guest lives in it. The
    /// host's own namespace is refused. Disposing it only ends the thread and closes its fd: the namespace lives
    /// on as long as its container does, and dies with it.
    /// </summary>
    /// <exception cref="HostModificationRefusedException"><paramref name="path"/> names the host's own namespace</exception>
    public static NetNamespace Adopt(string path, string role)
    {
        using var target = OpenReadOnly(path);
        var ns = new NetNamespace(UniqueName(role), () => Errno.Check(setns(target.Value, CLONE_NEWNET), "setns(CLONE_NEWNET)", path));
        if (ns.Inode != HostInode) return ns;
        ns.Dispose();
        throw new HostModificationRefusedException($"adopt {path} as a lab namespace", null);
    }

    /// <summary>A readable name, unique in this process.</summary>
    public string Name { get; }

    /// <summary>
    /// True for namespaces this process created or adopted from a container it created; the only ones the suite may
    /// change freely.
    /// </summary>
    public bool IsLabOwned { get; }

    /// <summary>Physical interfaces of the host namespace that the user explicitly allowed the suite to change.</summary>
    public IReadOnlySet<string> PermittedInterfaces { get; }

    /// <summary>The namespace's inode number: its identity, comparable with <c>/proc/PID/ns/net</c>.</summary>
    public ulong Inode { get; }

    /// <summary>The inode of the namespace this process started in.</summary>
    public static ulong HostInode => HostInodeLazy.Value;

    /// <summary>
    /// A path that names this namespace while it lives (<c>/proc/PID/task/TID/ns/net</c> of its thread), for
    /// tools that take one, such as <c>nsenter --net=PATH</c> or <c>ip netns exec</c>'s underlying setns.
    /// </summary>
    public string ProcPath { get; private set; } = "/proc/self/ns/net";

    /// <summary>An fd of the namespace, for <c>IFLA_NET_NS_FD</c> and <c>setns</c>. Lab namespaces only.</summary>
    public FileDescriptor Handle => handle ?? throw new InvalidOperationException(
        "the host namespace has no handle here: the suite never moves anything into it");

    /// <summary>Runs <paramref name="work"/> on a thread inside the namespace and returns its result.</summary>
    public T Run<T>(Func<T> work)
    {
        if (queue is null) return work(); // every thread but the lab threads lives in the host namespace
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (Thread.CurrentThread == thread) return work();
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        using var done = new ManualResetEventSlim();
        queue.Add(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            finally { done.Set(); }
        });
        if (!done.Wait(WorkTimeout))
            throw new TimeoutException($"work on namespace {Name}'s thread did not finish within {WorkTimeout.TotalSeconds} s");
        failure?.Throw();
        return result;
    }

    /// <inheritdoc cref="Run{T}(Func{T})"/>
    public void Run(Action work) => Run(() => { work(); return true; });

    public void Dispose()
    {
        if (queue is null || Interlocked.Exchange(ref disposed, 1) != 0) return;
        queue.CompleteAdding();
        if (Thread.CurrentThread != thread) thread!.Join();
        queue.Dispose();
        handle?.Dispose();
    }

    public override string ToString() => Name;

    private static string UniqueName(string role) => $"{role}-{Environment.ProcessId:x}-{Interlocked.Increment(ref sequence)}";

    private void Serve(Action enter, TaskCompletionSource<(FileDescriptor, ulong)> ready)
    {
        try
        {
            enter();
            var path = "/proc/thread-self/ns/net";
            // /proc/thread-self is a link to "PID/task/TID": the stable name of this thread while it lives.
            ProcPath = $"/proc/{new FileInfo("/proc/thread-self").LinkTarget}/ns/net";
            ready.SetResult((OpenReadOnly(path), InodeOf(path)));
        }
        catch (Exception e)
        {
            ready.SetException(e);
            return;
        }

        foreach (var item in queue!.GetConsumingEnumerable()) item();
    }

    internal static unsafe FileDescriptor OpenReadOnly(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            return FileDescriptor.FromResult(open(p, O_RDONLY | O_CLOEXEC, 0), "open", path);
        }
    }

    private static unsafe ulong InodeOf(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        Tmds.Linux.stat st;
        fixed (byte* p = bytes)
        {
            Errno.Check(stat(p, &st), "stat", path);
        }
        return (ulong)st.st_ino;
    }
}
