using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.TestClocks;

/// <summary>The test clock errors (advance), each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
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
}
