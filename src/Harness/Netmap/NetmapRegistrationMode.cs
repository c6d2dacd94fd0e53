namespace Vnetconf.Netmap;

/// <summary><c>nmreq_register.nr_mode</c>: which rings a registration binds (NR_REG_* of sys/net/netmap.h).</summary>
public enum NetmapRegistrationMode : uint
{
    /// <summary>Compatibility value the kernel reinterprets; the parser never produces it.</summary>
    NR_REG_DEFAULT = 0,
    /// <summary>All NIC rings (<c>netmap:eth0</c>).</summary>
    NR_REG_ALL_NIC = 1,
    /// <summary>All host (software) rings (<c>netmap:eth0^</c>).</summary>
    NR_REG_SW = 2,
    /// <summary>NIC and host rings (<c>netmap:eth0*</c>).</summary>
    NR_REG_NIC_SW = 3,
    /// <summary>One NIC ring pair, the one in nr_ringid (<c>netmap:eth0-N</c>).</summary>
    NR_REG_ONE_NIC = 4,
    NR_REG_PIPE_MASTER = 5,
    NR_REG_PIPE_SLAVE = 6,
    NR_REG_NULL = 7,
    /// <summary>One host ring pair, the one in nr_ringid (<c>netmap:eth0^N</c>).</summary>
    NR_REG_ONE_SW = 8,
}
