namespace PaymentRecords.Persistence.Idempotency;

/// <summary>
/// A stored response for (account, Idempotency-Key): replayed byte for byte to a retry with the same request,
/// refused for a different one. Rows older than 24 hours are purged.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string AccountId { get; init; }
    public required string Key { get; init; }
    /// <summary>Method and path of the first request.</summary>
    public required string Endpoint { get; init; }
    /// <summary>SHA-256 of the decoded, canonically ordered parameters of the first request.</summary>
    public required string RequestHash { get; init; }
    public int StatusCode { get; init; }
    public required string ResponseBody { get; init; }
    public required string RequestId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
