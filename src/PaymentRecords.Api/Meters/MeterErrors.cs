using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Meters;

/// <summary>The meter, meter event and metered price errors, each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
public static class MeterErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    /// <summary>The noun of the 404 of a meter id (<c>No such billing meter: 'mtr_…'</c>).</summary>
    public const string Noun = "billing meter";

    private static readonly ErrorRow EventNameTakenRow = Rows.Add(new("meter_event_name_taken", 400, ErrorCatalog.InvalidRequest, null,
        "An active meter with this event_name already exists. Deactivate it first, or use another event_name.", Wording.Inferred));
    /// <summary>The active-event-name index refused a meter create or reactivate (<c>Pipeline/UniqueRules.cs</c>).</summary>
    public static StripeError EventNameTaken() => EventNameTakenRow.Make("event_name");

    private static readonly ErrorRow NoActiveMeterRow = Rows.Add(new("meter_event_no_meter", 400, ErrorCatalog.InvalidRequest, null,
        "No active meter was found for event_name '{0}'.", Wording.Inferred));
    public static StripeError NoActiveMeter(string eventName) => NoActiveMeterRow.Make("event_name", eventName);

    private static readonly ErrorRow PayloadKeyMissingRow = Rows.Add(new("meter_event_payload_key_missing", 400, ErrorCatalog.InvalidRequest, "parameter_missing",
        "Missing required param: payload[{0}].", Wording.Inferred, IsParameterError: true));
    public static StripeError PayloadKeyMissing(string key) => PayloadKeyMissingRow.Make($"payload[{key}]", key);

    private static readonly ErrorRow ValueNotWholeRow = Rows.Add(new("meter_event_value_not_whole", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid payload[{0}]: '{1}' must be a whole number (a string of digits).", Wording.Inferred, IsParameterError: true));
    public static StripeError ValueNotWhole(string key, string value) => ValueNotWholeRow.Make($"payload[{key}]", key, value);

    private static readonly ErrorRow TimestampOutsideRow = Rows.Add(new("meter_event_timestamp_window", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid timestamp: {0} must be within the past 35 calendar days and at most 5 minutes in the future.", Wording.Inferred));
    public static StripeError TimestampOutside(string timestamp) => TimestampOutsideRow.Make("timestamp", timestamp);

    // Stripe's v1 answer to a repeated identifier: a 400 with this message and no code (what its clients match on).
    private static readonly ErrorRow DuplicateRow = Rows.Add(new("meter_event_duplicate_identifier", 400, ErrorCatalog.InvalidRequest, null,
        "An event already exists with identifier {0}", Wording.Stripe));
    public static StripeError Duplicate(string identifier) => DuplicateRow.Make("identifier", identifier);

    // A repeat that raced past the read and was refused by the key (the read of the classic rerun normally answers first).
    private static readonly ErrorRow DuplicateRacedRow = Rows.Add(new("meter_event_duplicate_identifier_raced", 400, ErrorCatalog.InvalidRequest, null,
        "An event already exists with this identifier", Wording.Inferred));
    public static StripeError DuplicateRaced() => DuplicateRacedRow.Make("identifier");

    private static readonly ErrorRow NoEventToCancelRow = Rows.Add(new("meter_event_adjustment_no_event", 404, ErrorCatalog.InvalidRequest, "resource_missing",
        "No meter event with identifier '{0}' and event_name '{1}' was found.", Wording.Inferred));
    /// <summary>A meter event adjustment names no event of the account (or one of another event name).</summary>
    public static StripeError NoEventToCancel(string identifier, string eventName) => NoEventToCancelRow.Make("cancel[identifier]", identifier, eventName);

    private static readonly ErrorRow CancelWindowPassedRow = Rows.Add(new("meter_event_adjustment_too_late", 400, ErrorCatalog.InvalidRequest, null,
        "The meter event with identifier '{0}' can no longer be canceled: you can only cancel events within 24 hours of Stripe receiving them.", Wording.Inferred));
    public static StripeError CancelWindowPassed(string identifier) => CancelWindowPassedRow.Make("cancel[identifier]", identifier);

    private static readonly ErrorRow TooLongRow = Rows.Add(new("meter_string_too_long", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid {0}: must be at most 100 characters.", Wording.Inferred, IsParameterError: true));
    public static StripeError TooLong(string param) => TooLongRow.Make(param, param);

    private static readonly ErrorRow SummaryAlignmentRow = Rows.Add(new("meter_summary_alignment", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid {0}: must be aligned to {1} boundaries (UTC).", Wording.Inferred, IsParameterError: true));
    public static StripeError SummaryAlignment(string param, string unit) => SummaryAlignmentRow.Make(param, param, unit);

    private static readonly ErrorRow SummaryRangeRow = Rows.Add(new("meter_summary_range", 400, ErrorCatalog.InvalidRequest, null,
        "end_time must be after start_time.", Wording.Inferred, IsParameterError: true));
    public static StripeError SummaryRange() => SummaryRangeRow.Make("end_time");

    private static readonly ErrorRow MeteredNeedsMeterRow = Rows.Add(new("price_metered_needs_meter", 400, ErrorCatalog.InvalidRequest, null,
        "Starting with Stripe version `2025-03-31.basil`, metered prices must be backed by meters.", Wording.Stripe, IsParameterError: true));
    /// <summary>A metered price without a meter (recorded against Stripe: this wording, no param, no code).</summary>
    public static StripeError MeteredNeedsMeter() => MeteredNeedsMeterRow.Make(null);

    private static readonly ErrorRow MeterNeedsMeteredRow = Rows.Add(new("price_meter_needs_metered", 400, ErrorCatalog.InvalidRequest, null,
        "recurring[meter] can only be set when recurring[usage_type] is `metered`.", Wording.Inferred, IsParameterError: true));
    public static StripeError MeterNeedsMetered(string param) => MeterNeedsMeteredRow.Make(param);

    private static readonly ErrorRow MeterInactiveRow = Rows.Add(new("price_meter_inactive", 400, ErrorCatalog.InvalidRequest, null,
        "The meter '{0}' is inactive: reactivate it before attaching it to a price.", Wording.Inferred));
    public static StripeError MeterInactive(string meterId, string param) => MeterInactiveRow.Make(param, meterId);

    private static readonly ErrorRow AlertGteRow = Rows.Add(new("alert_gte_not_positive", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid usage_threshold[gte]: must be at least 1.", Wording.Inferred, IsParameterError: true));
    public static StripeError AlertGteNotPositive() => AlertGteRow.Make("usage_threshold[gte]");

    private static readonly ErrorRow AlertOneFilterRow = Rows.Add(new("alert_one_filter", 400, ErrorCatalog.InvalidRequest, null,
        "You can only specify up to one filter at this time.", Wording.Inferred, IsParameterError: true));
    public static StripeError AlertOneFilter() => AlertOneFilterRow.Make("usage_threshold[filters]");

    private static readonly ErrorRow AlertLimitRow = Rows.Add(new("alert_limit_reached", 400, ErrorCatalog.InvalidRequest, null,
        "You can create a maximum of 25 alerts for each combination of a specific meter and customer.", Wording.Inferred));
    /// <summary>A 26th alert (not archived) for one meter and customer (or one meter's any-customer alerts).</summary>
    public static StripeError AlertLimit() => AlertLimitRow.Make("usage_threshold[meter]");

    private static readonly ErrorRow AlertArchivedRow = Rows.Add(new("alert_archived", 400, ErrorCatalog.InvalidRequest, null,
        "The alert '{0}' is archived: an archived alert cannot {1}.", Wording.Inferred));
    /// <summary>Activate or deactivate of an archived alert (archiving is non-reversible).</summary>
    public static StripeError AlertArchived(string alertId, string move) => AlertArchivedRow.Make(null, alertId, move == "activate" ? "be activated" : "be deactivated");
}
