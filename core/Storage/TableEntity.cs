using Azure;
using Recommender.Core.Storage.Internals;

namespace Recommender.Core.Storage;

/// <summary>
/// A table entity: keys, ETag, Timestamp and a typed property bag. Property values are string, int (Edm.Int32),
/// long (Edm.Int64), double (Edm.Double), bool, DateTimeOffset (Edm.DateTime), Guid or byte[] (Edm.Binary).
/// </summary>
public sealed class TableEntity
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    /// <summary>Creates an entity; keys may not contain '/', '\\', '#', '?' or control characters.</summary>
    public TableEntity(string partitionKey, string rowKey)
    {
        StorageNames.ValidateKey(partitionKey, nameof(PartitionKey));
        StorageNames.ValidateKey(rowKey, nameof(RowKey));
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <summary>The partition key.</summary>
    public string PartitionKey { get; }

    /// <summary>The row key.</summary>
    public string RowKey { get; }

    /// <summary>The ETag as read from the service (null for entities built locally).</summary>
    public ETag? ETag { get; set; }

    /// <summary>The service's last-modified time (read only on the service side).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The properties other than the keys and Timestamp.</summary>
    public IReadOnlyDictionary<string, object> Properties => _properties;

    /// <summary>Gets a property (null when absent) or sets one (null removes it).</summary>
    public object? this[string name]
    {
        get => _properties.TryGetValue(name, out object? value) ? value : null;
        set
        {
            ValidatePropertyName(name);
            if (value is null)
            {
                _properties.Remove(name);
                return;
            }

            _properties[name] = value switch
            {
                string or int or long or double or bool or DateTimeOffset or Guid or byte[] => value,
                DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()),
                float f => (double)f,
                _ => throw new ArgumentException($"Property '{name}' has type {value.GetType().Name}; table properties are string, int, long, double, bool, DateTimeOffset, DateTime, Guid or byte[].", nameof(value)),
            };
        }
    }

    /// <summary>The string property, or null.</summary>
    public string? GetString(string name) => this[name] as string;

    /// <summary>The Int32 property, or null.</summary>
    public int? GetInt32(string name) => this[name] is int i ? i : null;

    /// <summary>The Int64 property (Int32 values widen), or null.</summary>
    public long? GetInt64(string name) => this[name] switch
    {
        long l => l,
        int i => i,
        _ => null,
    };

    /// <summary>The Double property (integers widen), or null.</summary>
    public double? GetDouble(string name) => this[name] switch
    {
        double d => d,
        int i => i,
        long l => l,
        _ => null,
    };

    /// <summary>The Boolean property, or null.</summary>
    public bool? GetBoolean(string name) => this[name] is bool b ? b : null;

    /// <summary>The DateTime property, or null.</summary>
    public DateTimeOffset? GetDateTimeOffset(string name) => this[name] is DateTimeOffset d ? d : null;

    /// <summary>The Guid property, or null.</summary>
    public Guid? GetGuid(string name) => this[name] is Guid g ? g : null;

    /// <summary>The Binary property, or null.</summary>
    public byte[]? GetBinary(string name) => this[name] as byte[];

    internal void SetFromService(string name, object value) => _properties[name] = value;

    private static void ValidatePropertyName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is "PartitionKey" or "RowKey" or "Timestamp" || name.Contains('@', StringComparison.Ordinal) || name.StartsWith("odata.", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is reserved; set PartitionKey and RowKey through the constructor.", nameof(name));
        }

        if (name.Length > 255)
        {
            throw new ArgumentException($"Property name is {name.Length} characters long; the limit is 255.", nameof(name));
        }
    }
}
