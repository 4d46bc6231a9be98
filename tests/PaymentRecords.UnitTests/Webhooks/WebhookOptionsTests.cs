using PaymentRecords.Api.Webhooks;

namespace PaymentRecords.UnitTests.Webhooks;

public sealed class WebhookOptionsTests
{
    [Fact]
    public void The_default_schedule_retries_within_10_seconds_and_grows()
    {
        var retries = new WebhookOptions().Retries();
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)], retries);
        Assert.True(retries[0] <= TimeSpan.FromSeconds(10));
        Assert.True(retries.Zip(retries.Skip(1)).All(p => p.First < p.Second));
    }

    [Theory]
    [InlineData("200ms, 1s,2m,1h,1d", new[] { 200.0, 1_000, 120_000, 3_600_000, 86_400_000 })]
    [InlineData("stripe", new[] { 3_600_000.0, 7_200_000, 14_400_000 })]
    [InlineData("3", new[] { 3_000.0 })]
    [InlineData("none", new double[0])]
    [InlineData("", new double[0])]
    public void Schedules_parse(string schedule, double[] milliseconds) =>
        Assert.Equal(milliseconds.Select(TimeSpan.FromMilliseconds), WebhookOptions.ParseSchedule(schedule));

    [Fact]
    public void An_unknown_unit_is_refused() => Assert.Throws<FormatException>(() => WebhookOptions.ParseSchedule("5w"));

    [Fact]
    public void The_lease_outlasts_the_attempt() =>
        Assert.Equal(TimeSpan.FromSeconds(15), new WebhookOptions { TimeoutSeconds = 10, LeaseMarginSeconds = 5 }.Lease);
}

public sealed class WebhookSignatureTests
{
    /// <summary>Expected value computed independently: HMAC-SHA256 keyed with the whole whsec_ string over "t.body", hex.</summary>
    [Fact]
    public void V1_is_hex_hmac_sha256_of_timestamp_dot_body_keyed_with_the_whole_secret() =>
        Assert.Equal("t=1730000000,v1=c41efd724a37f204338374266328976d5509f8060a7329ac670508f7580f9d7e",
            WebhookSignature.Header("whsec_test_secret", """{"id":"evt_1"}""", 1730000000));
}
