using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Catalog;

/// <summary>
/// A coupon (<c>object: "coupon"</c>): a percent-off or amount-off discount and how long it lasts on a subscription
/// (<see cref="Duration"/>). Its terms are fixed once made ("Other coupon details (currency, duration, amount_off) are,
/// by design, not editable"): only <see cref="Name"/> and <see cref="Metadata"/> change. A deleted coupon's row goes
/// (its id can be used again, as on Stripe).
/// </summary>
public sealed class Coupon : IAccountScoped
{
    public const string Once = "once";
    public const string Repeating = "repeating";
    public const string Forever = "forever";

    /// <summary>A generated id: eight characters of upper-case letters and digits, as Stripe's ("Z4OV52SU").</summary>
    public const int GeneratedIdLength = 8;
    private const string GeneratedIdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    /// <summary>The amount taken off, in <see cref="Currency"/>'s minor units; null for a percent-off coupon.</summary>
    public long? AmountOff { get; init; }
    public string? Currency { get; init; }
    /// <summary>More than 0, at most 100; null for an amount-off coupon.</summary>
    public decimal? PercentOff { get; init; }
    public string Duration { get; init; } = Once;
    /// <summary>Set exactly when <see cref="Duration"/> is <c>repeating</c>.</summary>
    public int? DurationInMonths { get; init; }
    public long? MaxRedemptions { get; init; }
    public long? RedeemBy { get; init; }
    /// <summary>The products it is limited to (<c>applies_to.products</c>); null: every product.</summary>
    public List<string>? AppliesToProducts { get; init; }
    public string? Name { get; set; }
    public long TimesRedeemed { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    /// <summary>Deleted in this transaction (its row goes): no longer valid, as <c>coupon.deleted</c> shows it.</summary>
    public bool Removed { get; private set; }

    public static string NewId() => Ids.Random(GeneratedIdLength, GeneratedIdAlphabet);

    /// <summary>Counts one more application (a discount made from it); the caller checked <see cref="ValidAt"/> and holds its row lock.</summary>
    public void Redeem() => TimesRedeemed = checked(TimesRedeemed + 1);

    /// <summary>Marks it deleted; the caller removes its row (its id is free again).</summary>
    public void Delete() => Removed = true;

    /// <summary>
    /// "Taking account of the above properties, whether this coupon can still be applied to a customer": its
    /// <see cref="RedeemBy"/> not passed at <paramref name="now"/> and its <see cref="MaxRedemptions"/> not reached.
    /// </summary>
    public bool ValidAt(long now) => !Removed &&
        (RedeemBy is null || now <= RedeemBy) && (MaxRedemptions is null || TimesRedeemed < MaxRedemptions);
}
