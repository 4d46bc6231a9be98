namespace PaymentRecords.Application;

/// <summary>
/// The application layer: what a billing transition does, with no HTTP request behind it (a subscription renewal, a
/// test clock advance or a webhook dispatcher calls the same services as the endpoints). It sees Domain and its own
/// store interfaces only; the architecture test (tests/PaymentRecords.UnitTests/Architecture/LayerTests.cs) keeps it so.
/// </summary>
public static class ApplicationLayer
{
    /// <summary>The assembly, for the architecture test and for registering the services.</summary>
    public static System.Reflection.Assembly Assembly => typeof(ApplicationLayer).Assembly;
}
