using System.Text.Json.Nodes;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.UnitTests.Subscriptions;

public sealed class BillingPeriodsTests
{
    private static long At(int year, int month, int day, int hour = 12) => new DateTimeOffset(year, month, day, hour, 30, 15, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public void A_backdates_periods_run_from_the_one_holding_the_start_to_the_one_holding_now_counted_from_the_anchor()
    {
        // Anchored now (March 10): January 10 – February 10 holds January 15; March 10 – April 10 holds now.
        Assert.Equal([(At(2027, 1, 10), At(2027, 2, 10)), (At(2027, 2, 10), At(2027, 3, 10)), (At(2027, 3, 10), At(2027, 4, 10))],
            BillingPeriods.Covering(At(2027, 3, 10), "month", 1, At(2027, 1, 15), At(2027, 3, 10), 250));
        // Counted back from a future anchor (November 1), the start on a boundary: September, October.
        Assert.Equal([(At(2027, 9, 1), At(2027, 10, 1)), (At(2027, 10, 1), At(2027, 11, 1))],
            BillingPeriods.Covering(At(2027, 11, 1), "month", 1, At(2027, 9, 1), At(2027, 10, 15), 250));
        // A start inside the period holding now: that period only.
        Assert.Equal([(At(2027, 10, 1), At(2027, 11, 1))], BillingPeriods.Covering(At(2027, 11, 1), "month", 1, At(2027, 10, 5), At(2027, 10, 15), 250));
    }

    [Fact]
    public void More_periods_than_the_limit_is_null_without_walking_back_to_the_start()
    {
        Assert.Equal(3, BillingPeriods.Covering(At(2027, 3, 10), "day", 1, At(2027, 3, 8), At(2027, 3, 10), 3)!.Count);
        Assert.Null(BillingPeriods.Covering(At(2027, 3, 10), "day", 1, At(2027, 3, 7), At(2027, 3, 10), 3));
        // A start near the epoch with a daily price: refused after the limit's steps, not 20,000 of them.
        Assert.Null(BillingPeriods.Covering(At(2027, 3, 10), "day", 1, 0, At(2027, 3, 10), 250));
    }

    [Theory]
    [InlineData("day", 1, 2026, 1, 2)]
    [InlineData("day", 45, 2026, 2, 15)]
    [InlineData("week", 1, 2026, 1, 8)]
    [InlineData("week", 3, 2026, 1, 22)]
    [InlineData("month", 1, 2026, 2, 1)]
    [InlineData("month", 6, 2026, 7, 1)]
    [InlineData("year", 1, 2027, 1, 1)]
    public void One_period_of_each_interval(string interval, long count, int year, int month, int day) =>
        Assert.Equal(At(year, month, day), BillingPeriods.Boundary(At(2026, 1, 1), interval, count));

    [Fact]
    public void An_anchor_on_the_31st_bills_the_last_day_of_shorter_months_and_comes_back()
    {
        var anchor = At(2026, 1, 31);
        Assert.Equal(At(2026, 2, 28), BillingPeriods.Boundary(anchor, "month", 1, 1));
        Assert.Equal(At(2026, 3, 31), BillingPeriods.Boundary(anchor, "month", 1, 2));
        Assert.Equal(At(2026, 4, 30), BillingPeriods.Boundary(anchor, "month", 1, 3));
        Assert.Equal(At(2028, 2, 29), BillingPeriods.Boundary(anchor, "month", 1, 25));
        Assert.Equal(At(2026, 4, 30), BillingPeriods.Boundary(anchor, "month", 3, 1));
    }

    [Fact]
    public void A_leap_day_anchor_bills_february_28th_in_common_years()
    {
        var anchor = At(2028, 2, 29);
        Assert.Equal(At(2029, 2, 28), BillingPeriods.Boundary(anchor, "year", 1, 1));
        Assert.Equal(At(2032, 2, 29), BillingPeriods.Boundary(anchor, "year", 1, 4));
    }

    [Fact]
    public void The_period_containing_a_moment_is_counted_from_the_anchor()
    {
        var anchor = At(2026, 1, 31);
        Assert.Equal((At(2026, 2, 28), At(2026, 3, 31)), BillingPeriods.PeriodAt(anchor, "month", 1, At(2026, 3, 1)));
        Assert.Equal((anchor, At(2026, 2, 28)), BillingPeriods.PeriodAt(anchor, "month", 1, anchor));
    }

    [Fact]
    public void Before_an_anchor_still_to_come_the_periods_are_counted_back_from_it()
    {
        var anchor = At(2027, 8, 31);
        Assert.Equal(At(2027, 2, 28), BillingPeriods.Boundary(anchor, "month", 2, -3));
        Assert.Equal((At(2026, 12, 31), At(2027, 2, 28)), BillingPeriods.PeriodAt(anchor, "month", 2, At(2027, 2, 10)));
        Assert.Equal((At(2027, 2, 28), At(2027, 4, 30)), BillingPeriods.PeriodAt(anchor, "month", 2, At(2027, 2, 28)));
    }

    [Fact]
    public void An_anchor_config_takes_the_next_occurrence_and_steps_past_months_too_short_for_its_day()
    {
        long Config(DateTimeOffset now, long cycle, int day, int? month = null) =>
            BillingPeriods.AnchorFromConfig(now.ToUnixTimeSeconds(), cycle, day, month, 0, 0, 0);
        var feb10 = new DateTimeOffset(2027, 2, 10, 8, 0, 0, TimeSpan.Zero);
        DateTimeOffset Day(int y, int m, int d) => new(y, m, d, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(Day(2027, 3, 1).ToUnixTimeSeconds(), Config(feb10, 1, 1));
        Assert.Equal(Day(2027, 2, 15).ToUnixTimeSeconds(), Config(feb10, 1, 15));
        // The guide's example: two-month cycles from February with day 31 reach August 31.
        Assert.Equal(Day(2027, 8, 31).ToUnixTimeSeconds(), Config(feb10, 2, 31));
        Assert.Equal(Day(2027, 3, 31).ToUnixTimeSeconds(), Config(feb10, 1, 31));
        Assert.Equal(Day(2027, 7, 1).ToUnixTimeSeconds(), Config(feb10, 12, 1, month: 7));
        Assert.Equal(Day(2028, 2, 1).ToUnixTimeSeconds(), Config(feb10, 12, 1, month: 2));
        // A yearly cycle in February never reaches a 31st: the anchor stays on February's last day, not years away.
        Assert.Equal(Day(2027, 2, 28).ToUnixTimeSeconds(), Config(feb10, 12, 31, month: 2));
        Assert.Equal(Day(2027, 2, 28).ToUnixTimeSeconds(), Config(feb10, 12, 31));
        // Hour, minute and second default to now's.
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 8, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
            BillingPeriods.AnchorFromConfig(feb10.ToUnixTimeSeconds(), 1, 1, null, null, null, null));
        Assert.Equal(1, BillingPeriods.Months("month", 1));
        Assert.Equal(24, BillingPeriods.Months("year", 2));
        Assert.Null(BillingPeriods.Months("week", 1));
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BillingPeriods.Boundary(0, "fortnight", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BillingPeriods.Boundary(0, "month", 0));
    }
}

public sealed class SubscriptionStatusTests
{
    private static Subscription New(string collection = Subscription.ChargeAutomatically) => new()
    {
        AccountId = "acct_1", Id = "sub_1", CustomerId = "cus_1", Currency = "usd", CollectionMethod = collection,
    };

    [Fact]
    public void Charge_automatically_with_something_due_starts_incomplete_and_activates_once()
    {
        var sub = New();
        sub.Start(firstInvoiceDue: true);
        Assert.Equal(SubscriptionStatus.Incomplete, sub.Status);
        Assert.True(sub.Activate());
        Assert.Equal(SubscriptionStatus.Active, sub.Status);
        Assert.False(sub.Activate());
    }

    [Fact]
    public void Send_invoice_or_nothing_due_starts_active()
    {
        var sendInvoice = New(Subscription.SendInvoice);
        sendInvoice.Start(firstInvoiceDue: true);
        Assert.Equal(SubscriptionStatus.Active, sendInvoice.Status);
        var free = New();
        free.Start(firstInvoiceDue: false);
        Assert.Equal(SubscriptionStatus.Active, free.Status);
    }

    [Fact]
    public void Cancel_ends_it_once()
    {
        var sub = New();
        sub.Start(firstInvoiceDue: true);
        sub.CancelAtPeriodEnd = true;
        sub.Cancel(100, new JsonObject { ["reason"] = "cancellation_requested" });
        Assert.Equal(SubscriptionStatus.Canceled, sub.Status);
        Assert.Equal(100, sub.CanceledAt);
        Assert.Equal(100, sub.EndedAt);
        Assert.False(sub.CancelAtPeriodEnd);
        Assert.False(sub.Activate());
        Assert.Throws<InvalidOperationException>(() => sub.Cancel(200, []));
    }

    [Theory]
    [InlineData(SubscriptionStatus.Incomplete, "incomplete")]
    [InlineData(SubscriptionStatus.IncompleteExpired, "incomplete_expired")]
    [InlineData(SubscriptionStatus.PastDue, "past_due")]
    [InlineData(SubscriptionStatus.Paused, "paused")]
    public void Statuses_round_trip_their_wire_names(SubscriptionStatus status, string wire)
    {
        Assert.Equal(wire, status.Wire());
        Assert.Equal(status, SubscriptionStatuses.Parse(wire));
    }
}
