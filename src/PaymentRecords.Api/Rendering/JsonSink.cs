using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PaymentRecords.Api.Rendering;

/// <summary>
/// Where a renderer puts an object's properties, in order: a <see cref="JsonObject"/> tree (<see cref="TreeSink"/>:
/// events, expansions, write responses, anything that reads or changes the object afterwards) or straight into a
/// response's <see cref="Utf8JsonWriter"/> (<see cref="WriterSink"/>: a read that only sends it). One field list serves
/// both, so the two cannot drift; the bytes are the same either way (InvoicePageWritingTests).
/// </summary>
public interface IJsonSink
{
    void StartObject(string? name = null, int capacity = 0);
    void EndObject();
    void StartArray(string name);
    void EndArray();
    void String(string name, string? value);
    void Number(string name, long value);
    void Number(string name, long? value);
    void Number(string name, int value);
    void Bool(string name, bool value);
    void Null(string name);
    /// <summary>A node made for this object alone (the tree takes it as it is).</summary>
    void Owned(string name, JsonNode? node);
    /// <summary>A node stored elsewhere (an entity's attributes): the tree takes a copy.</summary>
    void Copy(string name, JsonNode? node);
}

/// <summary>Shapes several objects share, written once for both sinks.</summary>
public static class JsonSinkShapes
{
    public static void EmptyArray(this IJsonSink s, string name)
    {
        s.StartArray(name);
        s.EndArray();
    }

    /// <summary>Stripe's metadata: every key, in ordinal order, with its string value.</summary>
    public static void Metadata(this IJsonSink s, string name, IReadOnlyDictionary<string, string> metadata)
    {
        s.StartObject(name);
        foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) s.String(key, value);
        s.EndObject();
    }
}

/// <summary>
/// Builds the object as a <see cref="JsonObject"/> tree (<see cref="Root"/>). The outermost object is the root; the
/// name given to it, if any, is not used.
/// </summary>
public sealed class TreeSink : IJsonSink
{
    private readonly Stack<JsonNode> _open = new();

    public JsonObject Root { get; private set; } = null!;

    /// <summary>The object <paramref name="write"/> puts into a sink, as a tree.</summary>
    public static JsonObject Of(Action<IJsonSink> write)
    {
        var tree = new TreeSink();
        write(tree);
        return tree.Root;
    }

    private void Put(string name, JsonNode? value)
    {
        switch (_open.Peek())
        {
            case JsonObject o: o[name] = value; break;
            case JsonArray a: a.Add(value); break;
        }
    }

    public void StartObject(string? name = null, int capacity = 0)
    {
        var obj = capacity > 0 ? new JsonObject(Shapes.Room(capacity)) : new JsonObject();
        if (_open.Count == 0) Root = obj;
        else if (_open.Peek() is JsonArray a) a.Add(obj);
        else Put(name ?? throw new ArgumentNullException(nameof(name)), obj);
        _open.Push(obj);
    }

    public void EndObject() => _open.Pop();

    public void StartArray(string name)
    {
        var array = new JsonArray();
        Put(name, array);
        _open.Push(array);
    }

    public void EndArray() => _open.Pop();
    public void String(string name, string? value) => Put(name, value);
    public void Number(string name, long value) => Put(name, value);
    public void Number(string name, long? value) => Put(name, value);
    public void Number(string name, int value) => Put(name, value);
    public void Bool(string name, bool value) => Put(name, value);
    public void Null(string name) => Put(name, null);
    public void Owned(string name, JsonNode? node) => Put(name, node);
    public void Copy(string name, JsonNode? node) => Put(name, node?.DeepClone());
}

/// <summary>Writes the object straight into <paramref name="writer"/>, as <see cref="TreeSink"/>'s tree would be written.</summary>
public sealed class WriterSink(Utf8JsonWriter writer) : IJsonSink
{
    // Inside an array, elements have no names.
    private readonly Stack<bool> _inArray = new();

    private void Name(string name)
    {
        if (_inArray.Count == 0 || !_inArray.Peek()) writer.WritePropertyName(name);
    }

    public void StartObject(string? name = null, int capacity = 0)
    {
        if (name is not null) Name(name);
        writer.WriteStartObject();
        _inArray.Push(false);
    }

    public void EndObject()
    {
        writer.WriteEndObject();
        _inArray.Pop();
    }

    public void StartArray(string name)
    {
        Name(name);
        writer.WriteStartArray();
        _inArray.Push(true);
    }

    public void EndArray()
    {
        writer.WriteEndArray();
        _inArray.Pop();
    }

    public void String(string name, string? value)
    {
        Name(name);
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }

    public void Number(string name, long value)
    {
        Name(name);
        writer.WriteNumberValue(value);
    }

    public void Number(string name, long? value)
    {
        Name(name);
        if (value is { } v) writer.WriteNumberValue(v);
        else writer.WriteNullValue();
    }

    public void Number(string name, int value)
    {
        Name(name);
        writer.WriteNumberValue(value);
    }

    public void Bool(string name, bool value)
    {
        Name(name);
        writer.WriteBooleanValue(value);
    }

    public void Null(string name)
    {
        Name(name);
        writer.WriteNullValue();
    }

    public void Owned(string name, JsonNode? node) => Copy(name, node);

    public void Copy(string name, JsonNode? node)
    {
        Name(name);
        if (node is null) writer.WriteNullValue();
        else node.WriteTo(writer);
    }
}

/// <summary>
/// A value of a response tree that writes itself when the tree is written: a read that only sends an object puts it
/// in its envelope this way, and the object goes from its renderer straight into the response (<see cref="WriterSink"/>).
/// Nothing may read such a value; handlers make one only for a response with nothing to expand in it.
/// </summary>
public static class WrittenLater
{
    private sealed class Deferred(Action<Utf8JsonWriter> write)
    {
        public void WriteTo(Utf8JsonWriter writer) => write(writer);
    }

    private sealed class DeferredConverter : JsonConverter<Deferred>
    {
        public override Deferred Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("a deferred rendering is only written");

        public override void Write(Utf8JsonWriter writer, Deferred value, JsonSerializerOptions options) => value.WriteTo(writer);
    }

    private static readonly JsonTypeInfo<Deferred> Info =
        JsonMetadataServices.CreateValueInfo<Deferred>(new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() }, new DeferredConverter());

    /// <summary>A node that runs <paramref name="write"/> with the response's writer when the tree is written.</summary>
    public static JsonNode Node(Action<Utf8JsonWriter> write) => JsonValue.Create(new Deferred(write), Info)!;
}
