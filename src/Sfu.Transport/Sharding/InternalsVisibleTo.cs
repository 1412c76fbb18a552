using System.Runtime.CompilerServices;

// The benchmarks and tests drive one shard loop turn at a time (Shard.RunOnce) without its thread.
[assembly: InternalsVisibleTo("Sfu.Benchmarks")]
[assembly: InternalsVisibleTo("Sfu.Transport.Tests")]
