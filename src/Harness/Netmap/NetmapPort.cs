using Tmds.Linux;
using Vnetconf.Interop;
using static Tmds.Linux.LibC;

namespace Vnetconf.Netmap;

/// <summary>
/// A registered netmap port: /dev/netmap opened, REGISTER sent, the shared region mapped. Frames are sent and
/// taken through the bound rings; <see cref="Adapter"/> says whether the interface got its native or the
/// emulated adapter. Interfaces are looked up in the calling thread's network namespace.
/// </summary>
public sealed unsafe class NetmapPort : IDisposable
{
    private NetmapPort(NetmapPortSpec spec, FileDescriptor fd, NetmapPortInfo info, NetmapRegion region, NetmapAdapter adapter)
    {
        Spec = spec;
        Fd = fd;
        Info = info;
        Region = region;
        Adapter = adapter;
        BoundRings = NetmapBoundRings.For(spec, region.TxRingCount, region.RxRingCount, region.HostTxRingCount, region.HostRxRingCount);
        TxRings = Enumerable.Range(BoundRings.FirstTx, BoundRings.TxCount).Select(region.TxRing).ToArray();
        RxRings = Enumerable.Range(BoundRings.FirstRx, BoundRings.RxCount).Select(region.RxRing).ToArray();
    }

    public NetmapPortSpec Spec { get; }
    public FileDescriptor Fd { get; }

    /// <summary>What REGISTER reported: ring and slot counts, region size and id.</summary>
    public NetmapPortInfo Info { get; }

    public NetmapRegion Region { get; }
    public NetmapAdapter Adapter { get; }
    internal NetmapBoundRings BoundRings { get; }
    public IReadOnlyList<NetmapRing> TxRings { get; }
    public IReadOnlyList<NetmapRing> RxRings { get; }

    /// <inheritdoc cref="Open(NetmapPortSpec, NetmapAdapterMode?)"/>
    public static NetmapPort Open(string portName, NetmapAdapterMode? admode = null) => Open(NetmapPortSpec.Parse(portName), admode);

    /// <summary>
    /// Registers <paramref name="spec"/> (add NR_ACCEPT_VNET_HDR with <see cref="NetmapPortSpec.WithFlags"/> for ports
    /// with a virtio-net header). With <paramref name="admode"/>, netmap's admode is set to it for the REGISTER and
    /// restored afterwards; demanding native where the driver has none fails with EOPNOTSUPP, explained.
    /// </summary>
    public static NetmapPort Open(NetmapPortSpec spec, NetmapAdapterMode? admode = null)
    {
        var fd = NetmapControl.OpenDevice($"netmap port {spec.Text}");
        try
        {
            using var kernelLog = NetmapKernelLog.TryOpen();
            var body = NetmapRequests.Register(spec);
            var modeInForce = Register(fd, spec, &body, admode);
            var adapter = NetmapAdapter.Identify(spec.PortName, modeInForce, kernelLog?.ReadNew());
            var info = new NetmapPortInfo(body.nr_memsize, body.nr_tx_rings, body.nr_rx_rings, body.nr_host_tx_rings, body.nr_host_rx_rings,
                body.nr_tx_slots, body.nr_rx_slots, body.nr_mem_id);
            var region = NetmapRegion.Map(fd, body.nr_memsize, body.nr_offset);
            try
            {
                return new NetmapPort(spec, fd, info, region, adapter);
            }
            catch
            {
                region.Dispose();
                throw;
            }
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>NIOCTXSYNC: hands the released TX slots to the kernel and learns which were sent.</summary>
    public void SyncTx() => Ioctl.Value(Fd, NetmapAbi.NIOCTXSYNC, 0, "NIOCTXSYNC");

    /// <summary>NIOCRXSYNC: gives the released RX slots back and learns of new frames.</summary>
    public void SyncRx() => Ioctl.Value(Fd, NetmapAbi.NIOCRXSYNC, 0, "NIOCRXSYNC");

    /// <summary>
    /// poll() for <paramref name="events"/> (POLLIN runs RX sync, POLLOUT TX sync, in the kernel); true when one
    /// came within <paramref name="timeout"/>.
    /// </summary>
    public bool Poll(short events, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var pfd = new pollfd { fd = Fd.Value, events = events };
            var n = poll(&pfd, 1, (int)Math.Max(0, deadline - Environment.TickCount64));
            if (n > 0)
            {
                if ((pfd.revents & POLLERR) != 0) throw new IOException($"poll on {Fd.Description} reported POLLERR (the kernel found a ring inconsistent)");
                return (pfd.revents & events) != 0;
            }
            if (n == 0) return false;
            if (errno != EINTR) throw new SyscallException("poll", Fd.Description, errno);
        }
    }

    /// <summary>
    /// Writes <paramref name="pattern"/> at the start of the buffer of every slot of every bound RX ring, those the
    /// kernel holds included: a native adapter has already posted them to the device, and whatever part of a buffer the
    /// device does not write then shows as the pattern when the slot comes back — which tells bytes left from before the
    /// frame from bytes the device wrote.
    /// </summary>
    public void FillRxBufferStarts(ReadOnlySpan<byte> pattern)
    {
        foreach (var ring in RxRings)
            for (uint index = 0; index < ring.SlotCount; index++)
                pattern.CopyTo(ring.Buffer(index));
    }

    /// <summary>
    /// Copies <paramref name="frame"/> (with its virtio-net header first, on a port that has one) into the next free
    /// slot of the first bound TX ring with room, and syncs. Waits at most <paramref name="timeout"/> for room.
    /// </summary>
    public void Transmit(ReadOnlySpan<byte> frame, TimeSpan timeout)
    {
        if (TxRings.Count == 0) throw new InvalidOperationException($"{Spec.Text} binds no TX ring");
        var ring = TxRings.FirstOrDefault(r => !r.IsEmpty);
        if (ring is null && Poll(POLLOUT, timeout)) ring = TxRings.FirstOrDefault(r => !r.IsEmpty);
        if (ring is null) throw new TimeoutException($"no TX slot of {Spec.Text} came free within {timeout}: {string.Join("; ", TxRings)}");

        var slotIndex = ring.Head;
        var buffer = ring.Buffer(slotIndex);
        if (frame.Length > buffer.Length || frame.Length > ushort.MaxValue)
            throw new ArgumentException($"a {frame.Length}-byte frame does not fit the {buffer.Length}-byte buffers of {Spec.Text}", nameof(frame));
        frame.CopyTo(buffer);
        ref var slot = ref ring.Slot(slotIndex);
        slot.len = (ushort)frame.Length;
        slot.flags = 0;
        ring.Release(1);
        SyncTx();
    }

    /// <summary>
    /// Sends <paramref name="frame"/> again and again for <paramref name="duration"/>, filling every free slot of the
    /// first bound TX ring before each sync, then waits (at most <paramref name="drainTimeout"/>) until the kernel
    /// completed them all, so the rate counts frames the adapter actually took, not frames queued in the ring.
    /// </summary>
    public NetmapTransmitRate TransmitFor(ReadOnlySpan<byte> frame, TimeSpan duration, TimeSpan drainTimeout)
    {
        if (TxRings.Count == 0) throw new InvalidOperationException($"{Spec.Text} binds no TX ring");
        var ring = TxRings[0];
        if (frame.Length > ring.BufferSize || frame.Length > ushort.MaxValue)
            throw new ArgumentException($"a {frame.Length}-byte frame does not fit the {ring.BufferSize}-byte buffers of {Spec.Text}", nameof(frame));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long sent = 0;
        while (clock.Elapsed < duration)
        {
            var space = ring.Space;
            if (space == 0)
            {
                Poll(POLLOUT, duration - clock.Elapsed);
                continue;
            }
            for (uint i = 0, index = ring.Head; i < space; i++, index = NetmapRingArithmetic.Next(index, ring.SlotCount))
            {
                frame.CopyTo(ring.Buffer(index));
                ref var slot = ref ring.Slot(index);
                slot.len = (ushort)frame.Length;
                slot.flags = 0;
            }
            ring.Release(space);
            SyncTx();
            sent += space;
        }
        // One slot always stays with the kernel (head never reaches tail): all completed means SlotCount - 1 free.
        var drainDeadline = clock.Elapsed + drainTimeout;
        while (ring.Space < ring.SlotCount - 1 && clock.Elapsed < drainDeadline)
            Poll(POLLOUT, drainDeadline - clock.Elapsed);
        var pending = ring.SlotCount - 1 - ring.Space;
        return new NetmapTransmitRate(sent - pending, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Takes every frame waiting on the bound RX rings, waiting at most <paramref name="timeout"/> for the first:
    /// each with its slot length and its first <paramref name="leadingBytes"/> bytes. Empty when none came.
    /// </summary>
    public IReadOnlyList<NetmapReceivedFrame> Receive(int leadingBytes, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leadingBytes);
        if (RxRings.Count == 0) throw new InvalidOperationException($"{Spec.Text} binds no RX ring");
        SyncRx();
        if (RxRings.All(r => r.IsEmpty) && !Poll(POLLIN, timeout)) return [];

        var frames = new List<NetmapReceivedFrame>();
        foreach (var ring in RxRings)
        {
            var count = ring.Space;
            for (uint i = 0, index = ring.Head; i < count; i++, index = NetmapRingArithmetic.Next(index, ring.SlotCount))
            {
                var slot = ring.Slot(index);
                var buffer = ring.Buffer(index);
                var copied = Math.Min(Math.Min(leadingBytes, slot.len), buffer.Length);
                frames.Add(new NetmapReceivedFrame(ring.Index, index, slot.len, (NetmapSlotFlags)slot.flags, buffer[..copied].ToArray()));
            }
            ring.Release(count);
        }
        return frames;
    }

    public void Dispose()
    {
        Region.Dispose();
        Fd.Dispose();
    }

    // REGISTER under the requested admode, restoring the previous one; returns the admode the kernel applied.
    private static NetmapAdapterMode? Register(FileDescriptor fd, NetmapPortSpec spec, nmreq_register* body, NetmapAdapterMode? admode)
    {
        if (admode is not { } demanded)
        {
            NetmapControl.Send(fd, NetmapRequestType.NETMAP_REQ_REGISTER, spec.PortName, body);
            return File.Exists(NetmapAdmode.ParameterPath) ? NetmapAdmode.Read() : null;
        }
        return NetmapAdmode.While(demanded, () =>
        {
            NetmapControl.Send(fd, NetmapRequestType.NETMAP_REQ_REGISTER, spec.PortName, body, $"(admode={(int)demanded})");
            return demanded;
        });
    }

    public override string ToString() => $"{Spec.Text} ({Adapter.Kind}): {BoundRings.TxCount} TX, {BoundRings.RxCount} RX rings";
}
