namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// Tests that measure process-wide memory run alone: other test classes allocating in parallel would blur
/// <see cref="GC.GetTotalMemory(bool)"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DtlsMemoryCollection
{
    public const string Name = "DTLS memory";
}
