using Sfu.Core.Feedback;

namespace Sfu.Core.Tests.Feedback;

public class KeyframeRequestThrottleTests
{
    [Fact]
    public void One_request_per_interval_and_a_deferred_one_when_the_interval_ends()
    {
        var t = new KeyframeRequestThrottle(500);
        Assert.True(t.Request(0));
        Assert.False(t.Request(100_000));
        Assert.False(t.Request(200_000));
        Assert.False(t.PollDeferred(499_000));
        Assert.True(t.PollDeferred(500_000));
        Assert.False(t.PollDeferred(600_000));
        Assert.False(t.Request(700_000));
        t.OnKeyFrame(); // the publisher sent one anyway: the deferred request is moot
        Assert.False(t.PollDeferred(2_000_000));
        Assert.True(t.Request(2_000_000));
        Assert.Equal(3, t.Sent);
    }
}
