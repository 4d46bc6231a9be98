using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Webhooks;

/// <summary>
/// A webhook endpoint (<c>we_…</c>): where an account's events are POSTed, signed with <see cref="Secret"/>.
/// Events whose <c>seq</c> is at most <see cref="EventsAfterSeq"/> were written before the endpoint existed and are
/// never sent to it.
/// </summary>
public sealed class WebhookEndpoint : IAccountScoped
{
    public const string IdPrefix = "we_";
    public const string SecretPrefix = "whsec_";
    /// <summary>The wildcard of <c>enabled_events</c>: every event type.</summary>
    public const string AllEvents = "*";

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public required string Url { get; set; }
    public string[] EnabledEvents { get; set; } = [];
    /// <summary>The <c>api_version</c> stamped on events delivered here; null means the account default.</summary>
    public string? ApiVersion { get; init; }
    public string? Description { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public bool Disabled { get; set; }
    public required string Secret { get; init; }
    public bool Deleted { get; set; }
    public long EventsAfterSeq { get; init; }

    public static string NewSecret() => SecretPrefix + Ids.Random(32);

    /// <summary>Whether an event of <paramref name="type"/> goes to an endpoint listening to <paramref name="enabled"/>.</summary>
    public static bool Matches(IEnumerable<string> enabled, string type) => enabled.Any(e => e == AllEvents || e == type);
}
