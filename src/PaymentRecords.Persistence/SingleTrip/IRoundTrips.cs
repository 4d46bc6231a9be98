namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// Told of each round trip Persistence sends on the context's connection without EF Core (whose command interceptors
/// see the others): the API's round-trip counter, which the round-trip tests read.
/// </summary>
public interface IRoundTrips
{
    void Sent();
}
