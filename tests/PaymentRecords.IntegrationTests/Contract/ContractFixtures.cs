using System.Text.Json.Nodes;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>Hand-written, schema-valid example objects in <c>Contract/Fixtures/*.json</c> (copied to the output).</summary>
public static class ContractFixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Contract", "Fixtures");

    /// <summary>A fresh, mutable copy of <c>Fixtures/{name}.json</c>.</summary>
    public static JsonObject Load(string name)
    {
        var path = Path.Combine(Directory, name + ".json");
        return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"{path} does not hold a JSON object.");
    }
}
