namespace PaymentRecords.Bench.Scenarios;

/// <summary>
/// One HTTP request of a scenario. <see cref="Name"/> is the row it is reported under, so it must be
/// unique within a scenario's flow. Path and form are built per flow iteration from the
/// <see cref="FlowContext"/>, which holds the ids earlier steps saved (see <see cref="SaveIdAs"/>).
/// </summary>
public sealed record Step(string Name, HttpMethod Method, Func<FlowContext, string> Path)
{
    /// <summary>Form fields of a POST (sent form-encoded). Null for GET/DELETE.</summary>
    public Func<FlowContext, Form>? Form { get; init; }

    /// <summary>If set, the response's top-level "id" is stored in the flow context under this key.</summary>
    public string? SaveIdAs { get; init; }

    public static Step Get(string name, Func<FlowContext, string> path, string? saveIdAs = null) =>
        new(name, HttpMethod.Get, path) { SaveIdAs = saveIdAs };

    public static Step Post(string name, Func<FlowContext, string> path, Func<FlowContext, Form> form, string? saveIdAs = null) =>
        new(name, HttpMethod.Post, path) { Form = form, SaveIdAs = saveIdAs };

    public static Step Post(string name, string path, Func<FlowContext, Form> form, string? saveIdAs = null) =>
        Post(name, _ => path, form, saveIdAs);
}

/// <summary>
/// Ordered form fields, Stripe style (<c>metadata[k]=v</c>, <c>expand[]=x</c>). Collection-initializer
/// friendly: <c>new Form { { "email", "a@b.c" }, { "metadata[k]", "v" } }</c>.
/// </summary>
public sealed class Form : List<KeyValuePair<string, string>>
{
    public void Add(string key, string value) => Add(new KeyValuePair<string, string>(key, value));
}
