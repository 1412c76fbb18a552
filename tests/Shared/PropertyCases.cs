namespace Sfu.Tests.Shared;

/// <summary>
/// How many cases each property test runs: <c>SFU_PROPERTY_CASES</c> (default 100,000), so a quick local
/// run can use fewer and a soak run more.
/// </summary>
public static class PropertyCases
{
    public static int Count { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("SFU_PROPERTY_CASES"), out var n) && n > 0 ? n : 100_000;
}
