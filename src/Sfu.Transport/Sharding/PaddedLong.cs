using System.Runtime.InteropServices;

namespace Sfu.Transport.Sharding;

/// <summary>A long alone on its cache line, so producers hammering it do not slow the consumer's fields (false sharing).</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)] public long Value;
}
