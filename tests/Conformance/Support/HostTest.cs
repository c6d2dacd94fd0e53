using NUnit.Framework;
using Vnetconf.Links;
using Vnetconf.Scenarios;
using Vnetconf.TestSupport;

namespace Vnetconf.Conformance.Support;

/// <summary>
/// Base of every Host-category fixture: checks the prerequisites once, gives each test a fresh namespace, and
/// disposes what the test registered in reverse order (a failing cleanup fails the test).
/// </summary>
[Category("Host")]
public abstract class HostTest
{
    private readonly Stack<IDisposable> cleanup = new();

    /// <summary>A fresh namespace for the current test, gone when it ends.</summary>
    protected NetNamespace Ns { get; private set; } = null!;

    [SetUp]
    public void CreateNamespace()
    {
        Skip.Unless(HostCapabilities.HostLab);
        Ns = NetNamespace.Create("t");
    }

    [TearDown]
    public void DisposeOwned()
    {
        var failures = new List<Exception>();
        while (cleanup.TryPop(out var item))
        {
            try { item.Dispose(); }
            catch (Exception e) { failures.Add(e); } // the rest must still be released
        }
        Ns?.Dispose(); // last: everything registered above lives in it
        if (failures.Count > 0) throw new AggregateException("cleanup failed", failures);
    }

    /// <summary>Registers <paramref name="item"/> for disposal at the end of the test; returns it.</summary>
    protected T Own<T>(T item) where T : IDisposable
    {
        cleanup.Push(item);
        return item;
    }
}
