using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.TestClocks;

/// <summary>The test clock errors (advance, and a clock's limits on customers and subscriptions), each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
public static class TestClockErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    private static readonly ErrorRow NotAfterRow = Rows.Add(new("test_clock_not_after", 400, ErrorCatalog.InvalidRequest, null,
        "The frozen_time must be after the test clock's current frozen_time.", Wording.Inferred));
    public static StripeError TestClockNotAfter() => NotAfterRow.Make("frozen_time");

    private static readonly ErrorRow BeyondLimitRow = Rows.Add(new("test_clock_beyond_limit", 400, ErrorCatalog.InvalidRequest, null,
        "Cannot advance the test clock more than two intervals of the shortest subscription on it (two years with none): frozen_time may be at most {0}.", Wording.Inferred));
    public static StripeError TestClockBeyondLimit(long limit) => BeyondLimitRow.Make("frozen_time", limit);

    private static readonly ErrorRow NotReadyRow = Rows.Add(new("test_clock_not_ready", 400, ErrorCatalog.InvalidRequest, null,
        "The test clock is not ready: wait until it finishes advancing.", Wording.Inferred));
    public static StripeError TestClockNotReady() => NotReadyRow.Make(null);

    private static readonly ErrorRow TooManyCustomersRow = Rows.Add(new("test_clock_too_many_customers", 400, ErrorCatalog.InvalidRequest, null,
        "The test clock {0} already has the maximum of {1} customers; create another test clock for more customers.", Wording.Inferred));
    public static StripeError TestClockTooManyCustomers(string clockId, long limit) => TooManyCustomersRow.Make("test_clock", clockId, limit);

    private static readonly ErrorRow TooManySubscriptionsRow = Rows.Add(new("test_clock_too_many_subscriptions", 400, ErrorCatalog.InvalidRequest, null,
        "The customer {0} is on a test clock and already has the maximum of {1} subscriptions.", Wording.Inferred));
    public static StripeError TestClockTooManySubscriptions(string customerId, long limit) => TooManySubscriptionsRow.Make("customer", customerId, limit);
}
