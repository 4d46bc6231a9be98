namespace PaymentRecords.Bench.Scenarios;

/// <summary>
/// A load scenario: optional setup steps run once before the workers start (their saved values are
/// shared by all flows), then the flow steps each worker loops over until the time is up.
/// To add one: write a small class implementing this and list it in <see cref="ScenarioRegistry"/>.
/// </summary>
public interface IScenario
{
    /// <summary>Name given to <c>--scenario</c>, e.g. <c>invoice.flow</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>--list</c> and the README.</summary>
    string Description { get; }

    /// <summary>Run once, not timed. A failing setup step aborts the run.</summary>
    IReadOnlyList<Step> Setup => [];

    /// <summary>Run in a loop by every worker; each step gets its own latency row.</summary>
    IReadOnlyList<Step> Flow { get; }
}
