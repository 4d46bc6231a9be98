namespace PaymentRecords.Api.Scheduling;

/// <summary>Configuration section <c>Scheduler</c> (docs/endpoints-test-clocks.md).</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>Off: this instance runs no due work and no clock advance (another instance may).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The longest the scheduler sleeps without a NOTIFY or a due time: what a lost wake-up costs at most.</summary>
    public double PollSeconds { get; set; } = 5;
}
