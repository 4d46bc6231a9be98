using PaymentRecords.Domain.Meters;

namespace PaymentRecords.UnitTests.Domain;

/// <summary>A meter event's cancel: Stripe's 24 hours from its receipt, once.</summary>
public sealed class MeterEventCancelTests
{
    private static MeterEvent Event(long created, long? receivedAt) => new()
    {
        AccountId = "acct", Identifier = "e1", MeterId = "mtr_1", EventName = "api_call", CustomerId = "cus_1",
        Value = 5, Timestamp = created, Created = created, ReceivedAt = receivedAt,
    };

    [Fact]
    public void The_window_is_24_hours_from_the_receipt_not_from_the_clock_time_it_was_created_at()
    {
        // Created on a test clock a year ahead; received now by the wall clock.
        var e = Event(created: 2_000_000_000, receivedAt: 1_800_000_000);
        Assert.True(e.CancelableAt(1_800_000_000 + 24 * 3600 - 1));
        Assert.False(e.CancelableAt(1_800_000_000 + 24 * 3600));
    }

    [Fact]
    public void An_event_stored_before_receipts_were_kept_is_measured_from_its_created()
    {
        var e = Event(created: 1_800_000_000, receivedAt: null);
        Assert.True(e.CancelableAt(1_800_000_000 + 3600));
        Assert.False(e.CancelableAt(1_800_000_000 + 25 * 3600));
    }

    [Fact]
    public void A_cancel_is_recorded_once_and_a_late_one_throws()
    {
        var e = Event(created: 1_800_000_000, receivedAt: 1_800_000_000);
        Assert.True(e.Cancel(1_800_000_100));
        Assert.False(e.Cancel(1_800_000_200));
        Assert.Equal(1_800_000_100, e.CanceledAt);
        Assert.Throws<InvalidOperationException>(() => Event(1_800_000_000, 1_800_000_000).Cancel(1_800_000_000 + 24 * 3600));
    }
}
