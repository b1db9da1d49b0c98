namespace Recommender.Core.Data;

/// <summary>Maps external string ids to dense indices 0..Count-1 and back.</summary>
public sealed class IdMap
{
    private readonly Dictionary<string, int> _indexById;
    private readonly List<string> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _indexBySpan;

    public IdMap()
        : this(0)
    {
    }

    public IdMap(int capacity)
    {
        _indexById = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _ids = new List<string>(capacity);
        _indexBySpan = _indexById.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Builds a map whose index i is <paramref name="ids"/>[i]; duplicate ids are an error.</summary>
    public static IdMap FromIds(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var map = new IdMap();
        foreach (string id in ids)
        {
            if (map.TryGetIndex(id, out _))
            {
                throw new ArgumentException($"Duplicate id '{id}' in id map.", nameof(ids));
            }

            map.GetOrAdd(id);
        }

        return map;
    }

    public int Count => _ids.Count;

    public IReadOnlyList<string> Ids => _ids;

    public string this[int index] => _ids[index];

    public int GetOrAdd(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_indexById.TryGetValue(id, out int index))
        {
            return index;
        }

        index = _ids.Count;
        _indexById.Add(id, index);
        _ids.Add(id);
        return index;
    }

    public bool TryGetIndex(string id, out int index) => _indexById.TryGetValue(id, out index);

    /// <summary>Like <see cref="GetOrAdd(string)"/>, but allocates a string only for an id not seen before.</summary>
    public int GetOrAdd(ReadOnlySpan<char> id)
    {
        if (_indexBySpan.TryGetValue(id, out int index))
        {
            return index;
        }

        return GetOrAdd(id.ToString());
    }

    /// <summary>Looks an id up without allocating.</summary>
    public bool TryGetIndex(ReadOnlySpan<char> id, out int index) => _indexBySpan.TryGetValue(id, out index);
}
