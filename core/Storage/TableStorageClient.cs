using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Recommender.Core.Storage.Internals;

namespace Recommender.Core.Storage;

/// <summary>Table service client over the REST API (JSON, OData) and an Azure.Core pipeline (Shared Key Lite or Entra ID token).</summary>
public sealed class TableStorageClient : ITableStorage
{
    private const string Json = "application/json";
    private const string MinimalMetadata = "application/json;odata=minimalmetadata";
    private static readonly RequestMethod _mergeMethod = new("PATCH");
    private readonly StorageService _service;

    /// <summary>Creates the client for the connection's table endpoint.</summary>
    public TableStorageClient(StorageConnection connection, StorageClientOptions? options = null)
    {
        _service = new StorageService(StorageServiceKind.Table, connection, options);
    }

    /// <summary>The table service endpoint.</summary>
    public Uri Endpoint => _service.Endpoint;

    /// <inheritdoc/>
    public async Task<bool> CreateIfNotExistsAsync(string table, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        string operation = $"Create table '{table}'";
        using HttpMessage message = CreateMessage(RequestMethod.Post, "Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Headers.SetValue("Content-Type", Json);
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes("{\"TableName\":\"" + table + "\"}"));
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            201 or 204 => true,
            409 => false,
            _ => throw _service.Error(response, operation),
        };
    }

    /// <summary>Deletes the table and its entities; true when it existed.</summary>
    public async Task<bool> DeleteTableIfExistsAsync(string table, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        string operation = $"Delete table '{table}'";
        using HttpMessage message = CreateMessage(RequestMethod.Delete, $"Tables('{table}')");
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw _service.Error(response, operation),
        };
    }

    /// <inheritdoc/>
    public async Task<TableWriteResult> InsertAsync(string table, TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        StorageNames.ValidateTable(table);
        string operation = $"Insert entity ({entity.PartitionKey}, {entity.RowKey}) into table '{table}'";
        using HttpMessage message = CreateMessage(RequestMethod.Post, table);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetBody(message, entity);
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            201 or 204 => new TableWriteResult(TableWriteStatus.Written, response.Headers.ETag),
            409 when ErrorCode(response) is "EntityAlreadyExists" or null => new TableWriteResult(TableWriteStatus.Conflict, null),
            _ => throw _service.Error(response, operation),
        };
    }

    /// <inheritdoc/>
    public async Task<ETag> UpsertAsync(string table, TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        string operation = $"Upsert entity ({entity.PartitionKey}, {entity.RowKey}) into table '{table}'";
        using HttpMessage message = CreateMessage(mode == TableUpdateMode.Merge ? _mergeMethod : RequestMethod.Put, EntityPath(table, entity.PartitionKey, entity.RowKey));
        SetBody(message, entity);
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status == 204 && response.Headers.ETag is ETag etag ? etag : throw _service.Error(response, operation);
    }

    /// <inheritdoc/>
    public async Task<TableWriteResult> UpdateAsync(string table, TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        string operation = $"Update entity ({entity.PartitionKey}, {entity.RowKey}) in table '{table}'";
        using HttpMessage message = CreateMessage(mode == TableUpdateMode.Merge ? _mergeMethod : RequestMethod.Put, EntityPath(table, entity.PartitionKey, entity.RowKey));
        message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, ifMatch.ToString("H"));
        SetBody(message, entity);
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            204 => new TableWriteResult(TableWriteStatus.Written, response.Headers.ETag),
            412 => new TableWriteResult(TableWriteStatus.PreconditionFailed, null),
            404 when ErrorCode(response) is "ResourceNotFound" or null => new TableWriteResult(TableWriteStatus.NotFound, null),
            _ => throw _service.Error(response, operation),
        };
    }

    /// <inheritdoc/>
    public async Task<TableEntity?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        string operation = $"Get entity ({partitionKey}, {rowKey}) from table '{table}'";
        using HttpMessage message = CreateMessage(RequestMethod.Get, EntityPath(table, partitionKey, rowKey));
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        switch (response.Status)
        {
            case 200:
                using (JsonDocument doc = await JsonDocument.ParseAsync(response.ContentStream!, default, cancellationToken).ConfigureAwait(false))
                {
                    return TableJson.Read(doc.RootElement);
                }

            case 404 when ErrorCode(response) is "ResourceNotFound" or null:
                return null;
            default:
                throw _service.Error(response, operation);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        string operation = $"Delete entity ({partitionKey}, {rowKey}) from table '{table}'";
        using HttpMessage message = CreateMessage(RequestMethod.Delete, EntityPath(table, partitionKey, rowKey));
        message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, "*");
        Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            204 => true,
            404 when ErrorCode(response) is "ResourceNotFound" or null => false,
            _ => throw _service.Error(response, operation),
        };
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<TableEntity> QueryAsync(string table, string? filter = null, IReadOnlyList<string>? select = null, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        if (pageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "pageSize ($top) must be between 1 and 1000.");
        }

        string operation = $"Query table '{table}'";
        string? nextPartition = null;
        string? nextRow = null;
        do
        {
            using HttpMessage message = CreateMessage(RequestMethod.Get, table + "()");
            RequestUriBuilder uri = message.Request.Uri;
            if (!string.IsNullOrEmpty(filter))
            {
                uri.AppendQuery("$filter", filter);
            }

            if (select is { Count: > 0 })
            {
                uri.AppendQuery("$select", string.Join(',', select));
            }

            if (pageSize is int top)
            {
                uri.AppendQuery("$top", top.ToString(CultureInfo.InvariantCulture));
            }

            if (nextPartition is not null)
            {
                uri.AppendQuery("NextPartitionKey", nextPartition);
            }

            if (nextRow is not null)
            {
                uri.AppendQuery("NextRowKey", nextRow);
            }

            Response response = await _service.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
            if (response.Status != 200)
            {
                throw _service.Error(response, operation);
            }

            using (JsonDocument doc = await JsonDocument.ParseAsync(response.ContentStream!, default, cancellationToken).ConfigureAwait(false))
            {
                if (doc.RootElement.TryGetProperty("value", out JsonElement value))
                {
                    foreach (JsonElement item in value.EnumerateArray())
                    {
                        yield return TableJson.Read(item);
                    }
                }
            }

            nextPartition = response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out string? np) ? np : null;
            nextRow = response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out string? nr) ? nr : null;
        }
        while (nextPartition is not null);
    }

    private static string EntityPath(string table, string partitionKey, string rowKey)
    {
        StorageNames.ValidateTable(table);
        StorageNames.ValidateKey(partitionKey, "PartitionKey");
        StorageNames.ValidateKey(rowKey, "RowKey");
        return $"{table}(PartitionKey='{Key(partitionKey)}',RowKey='{Key(rowKey)}')";
    }

    private static string Key(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out string? code) ? code : null;

    private static void SetBody(HttpMessage message, TableEntity entity)
    {
        message.Request.Headers.SetValue("Content-Type", Json);
        message.Request.Content = RequestContent.Create(TableJson.Write(entity));
    }

    private HttpMessage CreateMessage(RequestMethod method, string path)
    {
        HttpMessage message = _service.CreateMessage(method, path);
        message.Request.Headers.SetValue("Accept", MinimalMetadata);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }
}
