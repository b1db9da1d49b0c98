using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Recommender.Core.AzureStorage;

namespace Recommender.Core.Experiments;

/// <summary>
/// Table <c>impressions</c>: one row per logged impression and one per (impression, outcome), keyed as
/// <see cref="ImpressionKeys"/> describes. Writes are keyed by the recommendation id, so a redelivered message or a
/// second like of the same list leaves one row.
/// </summary>
public sealed class ImpressionLog
{
    private readonly TableClient _table;
    private readonly TablesOnce _created;

    public ImpressionLog(TableServiceClient tables, string table = StorageLayout.ImpressionsTable)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(table);
        _created = new TablesOnce(_table);
    }

    /// <summary>Writes the impression once; false when it was already logged (a redelivery).</summary>
    public Task<bool> WriteAsync(Impression impression, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(impression);
        var entity = new TableEntity(ImpressionKeys.Partition(impression.RecommendationId), impression.RecommendationId)
        {
            ["UserId"] = impression.UserId,
            ["ModelVersion"] = impression.ModelVersion,
            ["Variant"] = impression.Variant,
            ["Strategy"] = impression.Strategy,
            ["ServedAt"] = impression.ServedAt,
            ["Items"] = JsonSerializer.Serialize(impression.Items.ToArray(), ImpressionJson.Default.StringArray),
        };
        return AddOnceAsync(entity, $"Logging impression {impression.RecommendationId}", cancellationToken);
    }

    /// <summary>Records that the list <paramref name="recommendationId"/> was liked or disliked; false when it already was.</summary>
    public Task<bool> WriteOutcomeAsync(string recommendationId, ImpressionOutcome outcome, string userId, CancellationToken cancellationToken = default)
    {
        string name = outcome == ImpressionOutcome.Like ? "like" : "dislike";
        var entity = new TableEntity(ImpressionKeys.Partition(recommendationId), ImpressionKeys.OutcomeRow(recommendationId, name))
        {
            ["UserId"] = userId,
            ["Outcome"] = name,
        };
        return AddOnceAsync(entity, $"Logging a {name} of impression {recommendationId}", cancellationToken);
    }

    /// <summary>
    /// Figures per (model version, variant) of the impressions served in [<paramref name="from"/>, <paramref name="to"/>),
    /// with the outcomes logged for them so far, ordered by version then variant. Reads only the window's partitions.
    /// </summary>
    public async Task<IReadOnlyList<VariantMetrics>> ReadMetricsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {ImpressionKeys.WindowStart(from)} and PartitionKey lt {ImpressionKeys.WindowEnd(to)}");
        var served = new Dictionary<string, (string Version, string? Variant)>(StringComparer.Ordinal);
        var liked = new HashSet<string>(StringComparer.Ordinal);
        var disliked = new HashSet<string>(StringComparer.Ordinal);
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        string[] columns = ["RowKey", "ModelVersion", "Variant", "ServedAt", "Outcome"];
        try
        {
            await foreach (TableEntity row in _table.QueryAsync<TableEntity>(filter, select: columns, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                int separator = row.RowKey.IndexOf(ImpressionKeys.OutcomeSeparator, StringComparison.Ordinal);
                if (separator < 0)
                {
                    DateTimeOffset? servedAt = row.GetDateTimeOffset("ServedAt");
                    string? version = row.GetString("ModelVersion");
                    if (version is not null && servedAt >= from && servedAt < to)
                    {
                        served[row.RowKey] = (version, row.GetString("Variant"));
                    }
                }
                else
                {
                    string id = row.RowKey[..separator];
                    _ = row.GetString("Outcome") == "like" ? liked.Add(id) : disliked.Add(id);
                }
            }
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"Reading table '{_table.Name}'", _table.Uri);
        }

        // An outcome of an impression outside the window, or of one that was not sampled, counts nowhere.
        var groups = new Dictionary<(string Version, string Variant), (long Impressions, long Likes, long Dislikes)>();
        foreach (var (id, (version, variant)) in served)
        {
            var key = (version, variant ?? string.Empty);
            groups.TryGetValue(key, out var counts);
            groups[key] = (counts.Impressions + 1, counts.Likes + (liked.Contains(id) ? 1 : 0), counts.Dislikes + (disliked.Contains(id) ? 1 : 0));
        }

        var metrics = new List<VariantMetrics>(groups.Count);
        foreach (var ((version, variant), counts) in groups)
        {
            metrics.Add(new VariantMetrics(version, variant.Length == 0 ? null : variant, counts.Impressions, counts.Likes, counts.Dislikes));
        }

        metrics.Sort((a, b) =>
        {
            int byVersion = string.CompareOrdinal(a.ModelVersion, b.ModelVersion);
            return byVersion != 0 ? byVersion : string.CompareOrdinal(a.Variant, b.Variant);
        });
        return metrics;
    }

    private async Task<bool> AddOnceAsync(TableEntity entity, string operation, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false; // Already there: a redelivery, or a second like of the same list.
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            throw StorageErrors.Describe(ex, $"{operation} in table '{_table.Name}'", _table.Uri);
        }
    }
}
