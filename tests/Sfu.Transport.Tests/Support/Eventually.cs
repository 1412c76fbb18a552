namespace Sfu.Transport.Tests;

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until true or the timeout; returns its last value.</summary>
    public static bool True(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(5);
        }
        return condition();
    }
}
