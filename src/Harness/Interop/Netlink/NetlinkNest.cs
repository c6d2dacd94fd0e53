namespace Vnetconf.Interop.Netlink;

/// <summary>
/// An open nested attribute of a <see cref="NetlinkMessageWriter"/>; disposing it writes the nest's length, which is
/// known only once its contents are written.
/// </summary>
internal readonly struct NetlinkNest : IDisposable
{
    private readonly NetlinkMessageWriter writer;
    private readonly int start;

    internal NetlinkNest(NetlinkMessageWriter writer, int start)
    {
        this.writer = writer;
        this.start = start;
    }

    public void Dispose() => writer.EndNested(start);
}
