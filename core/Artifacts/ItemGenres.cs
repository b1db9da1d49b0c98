using System.Numerics.Tensors;

namespace Recommender.Core.Artifacts;

/// <summary>
/// The genres of each item of a model version, in item index order (artifact <see cref="ArtifactNames.ItemGenres"/>),
/// with the version's genre vocabulary. Genre names compare case-insensitively; each is stored as the catalogue spells it.
/// </summary>
public sealed class ItemGenres
{
    private readonly string[][] _genres;
    private readonly Dictionary<string, int> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];
    private readonly ulong[]?[] _itemBits;
    private readonly int[]?[] _itemLists;

    public ItemGenres(string[][] genres)
    {
        ArgumentNullException.ThrowIfNull(genres);
        _genres = genres;
        var genreIds = new int[genres.Length][];
        for (int item = 0; item < genres.Length; item++)
        {
            string[] names = genres[item] ?? throw new InvalidDataException($"Item {item} has a null genre list.");
            var ids = new int[names.Length];
            for (int n = 0; n < names.Length; n++)
            {
                if (string.IsNullOrWhiteSpace(names[n]))
                {
                    throw new InvalidDataException($"Item {item} has an empty genre name.");
                }

                if (!_ids.TryGetValue(names[n], out int id))
                {
                    id = _names.Count;
                    _ids.Add(names[n], id);
                    _names.Add(names[n]);
                }

                ids[n] = id;
            }

            genreIds[item] = ids;
        }

        // The items of each genre, built once per loaded version so a request's genre filter ORs whole sets instead
        // of testing every item. Each genre keeps the smaller form: a bit per catalogue item (n / 8 bytes) when it holds
        // at least 1/32 of the catalogue, else its item indices (4 bytes each), so the sets never take more memory than
        // four bytes per item-genre pair.
        int[] members = new int[_names.Count];
        foreach (int[] ids in genreIds)
        {
            foreach (int id in ids)
            {
                members[id]++;
            }
        }

        int words = ItemBits.Words(genres.Length);
        _itemBits = new ulong[_names.Count][];
        _itemLists = new int[_names.Count][];
        for (int id = 0; id < _names.Count; id++)
        {
            if ((long)members[id] * 32 >= genres.Length)
            {
                _itemBits[id] = new ulong[words];
            }
            else
            {
                _itemLists[id] = new int[members[id]];
            }
        }

        Array.Clear(members);
        for (int item = 0; item < genreIds.Length; item++)
        {
            foreach (int id in genreIds[item])
            {
                if (_itemBits[id] is { } bits)
                {
                    ItemBits.Set(bits, item);
                }
                else
                {
                    _itemLists[id]![members[id]++] = item;
                }
            }
        }

        string[] known = [.. _names];
        Array.Sort(known, StringComparer.OrdinalIgnoreCase);
        Known = known;
    }

    /// <summary>Number of items (the model's item count).</summary>
    public int Count => _genres.Length;

    /// <summary>Every genre some item has, sorted by name.</summary>
    public IReadOnlyList<string> Known { get; }

    /// <summary>The genres of an item (empty when the catalogue lists none).</summary>
    public IReadOnlyList<string> Of(int item) => _genres[item];

    /// <summary>The per-item lists as the artifact stores them.</summary>
    internal string[][] PerItem => _genres;

    /// <summary>The id of a genre name (any letter case), for <see cref="AddItemsOf"/>.</summary>
    public bool TryGetId(string name, out int id) => _ids.TryGetValue(name, out id);

    /// <summary>
    /// Sets the bit of every item of genre <paramref name="genreId"/> in <paramref name="items"/> (a bit per item, see
    /// <see cref="ItemBits"/>), leaving the other bits as they are: OR-ing the genres of a list gives the items with any of them.
    /// </summary>
    public void AddItemsOf(int genreId, Span<ulong> items)
    {
        if (items.Length != ItemBits.Words(Count))
        {
            throw new ArgumentException($"The item set has {items.Length} words; {Count} items need {ItemBits.Words(Count)}.", nameof(items));
        }

        if (_itemBits[genreId] is { } bits)
        {
            TensorPrimitives.BitwiseOr(items, bits, items);
            return;
        }

        foreach (int item in _itemLists[genreId]!)
        {
            ItemBits.Set(items, item);
        }
    }
}
