namespace PaymentRecords.Domain.Common;

/// <summary>
/// Every stored object belongs to one account (a hash of the API key) and lists newest first by
/// (<see cref="Created"/>, <see cref="Seq"/>): Seq is the insertion order, so objects written in one second keep
/// their write order and keyset pages never skip or repeat.
/// </summary>
public interface IAccountScoped
{
    string AccountId { get; }
    string Id { get; }
    long Created { get; }
    long Seq { get; }
}
