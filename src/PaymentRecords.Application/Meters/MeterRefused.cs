namespace PaymentRecords.Application.Meters;

/// <summary>Why a meter or meter event request was refused (the endpoint maps each to Stripe's error).</summary>
public enum MeterRefusal
{
    /// <summary>Another active meter of the account has this event name.</summary>
    EventNameTaken,
    /// <summary>No active meter has the event's name.</summary>
    NoActiveMeter,
    /// <summary>The payload lacks the meter's customer key.</summary>
    CustomerKeyMissing,
    /// <summary>The payload names no customer of the account.</summary>
    NoSuchCustomer,
    /// <summary>The payload lacks the meter's value key (sum and last meters).</summary>
    ValueKeyMissing,
    /// <summary>The value is not a whole number.</summary>
    ValueNotWhole,
    /// <summary>The timestamp is more than 35 days before, or 5 minutes after, the customer's time.</summary>
    TimestampOutsideWindow,
    /// <summary>An event with this identifier was already recorded.</summary>
    DuplicateIdentifier,
    /// <summary>A meter event adjustment names no event of the account with this identifier and event name.</summary>
    NoSuchEvent,
    /// <summary>A meter event adjustment came 24 hours or more after the event arrived (wall clock).</summary>
    CancelWindowPassed,
    /// <summary>An archived alert was asked to activate or deactivate (archiving is non-reversible).</summary>
    AlertArchived,
    /// <summary>A meter and customer (or a meter's any-customer alerts) already have the most alerts allowed.</summary>
    AlertLimitReached,
}

/// <param name="Key">The payload key, the identifier or the event name the refusal is about.</param>
public sealed class MeterRefused(MeterRefusal reason, string key = "", string value = "") : Exception($"meter refused: {reason}")
{
    public MeterRefusal Reason { get; } = reason;
    public string Key { get; } = key;
    public string Value { get; } = value;
}
