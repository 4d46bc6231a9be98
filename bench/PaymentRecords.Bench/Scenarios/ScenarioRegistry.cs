namespace PaymentRecords.Bench.Scenarios;

/// <summary>All scenarios <c>--scenario</c> accepts. A new scenario is one class plus one line here.</summary>
public static class ScenarioRegistry
{
    public static IReadOnlyList<IScenario> All { get; } = Validate(
    [
        new CustomerCreateScenario(),
        new CustomerRetrieveScenario(),
        new HealthzScenario(),
        new InvoiceFlowScenario(),
        new SeedFlowScenario(),
        new RefundFlowScenario(),
        new MeterEventsScenario(),
        new InvoiceRetrieveScenario(),
        new PaymentRecordRetrieveScenario(),
        new InvoiceListScenario(),
    ]);

    public static IScenario? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IScenario[] Validate(IScenario[] scenarios)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in scenarios)
        {
            if (!names.Add(s.Name))
            {
                throw new InvalidOperationException($"two scenarios are named '{s.Name}'");
            }

            if (s.Flow.Count == 0)
            {
                throw new InvalidOperationException($"scenario '{s.Name}' has no flow steps");
            }

            var dup = s.Flow.GroupBy(st => st.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null)
            {
                throw new InvalidOperationException($"scenario '{s.Name}' has two steps named '{dup.Key}'; step names are report rows and must be unique");
            }
        }

        return scenarios;
    }
}
