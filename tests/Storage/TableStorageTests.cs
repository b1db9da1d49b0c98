using Azure;
using Recommender.Core.Storage;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public class TableStorageTests(AzuriteFixture azurite)
{
    private readonly TableStorageClient _tables = azurite.Tables;

    private async Task<string> NewTableAsync()
    {
        string table = AzuriteFixture.UniqueTableName("t");
        Assert.True(await _tables.CreateIfNotExistsAsync(table));
        return table;
    }

    private async Task<List<TableEntity>> QueryAllAsync(string table, string? filter = null, IReadOnlyList<string>? select = null, int? pageSize = null)
    {
        var all = new List<TableEntity>();
        await foreach (TableEntity entity in _tables.QueryAsync(table, filter, select, pageSize))
        {
            all.Add(entity);
        }

        return all;
    }

    [Fact]
    public async Task CreateIfNotExists_IsTrueOnlyTheFirstTime()
    {
        string table = AzuriteFixture.UniqueTableName("t");

        Assert.True(await _tables.CreateIfNotExistsAsync(table));
        Assert.False(await _tables.CreateIfNotExistsAsync(table));
    }

    [Fact]
    public async Task Insert_ThenGet_RoundTripsEveryEdmType()
    {
        string table = await NewTableAsync();
        var when = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var id = Guid.NewGuid();
        var entity = new TableEntity("user 'O'Brien'", "run-001")
        {
            ["Name"] = "It's \"quoted\" — ünïcode",
            ["Small"] = 42,
            ["Big"] = 9_007_199_254_740_993L,
            ["Whole"] = 2.0,
            ["Ratio"] = 0.125,
            ["Flag"] = true,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 254, 255 },
        };

        TableWriteResult inserted = await _tables.InsertAsync(table, entity);
        TableEntity? read = await _tables.GetAsync(table, "user 'O'Brien'", "run-001");

        Assert.True(inserted.Succeeded);
        Assert.NotNull(read);
        Assert.Equal(inserted.ETag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("It's \"quoted\" — ünïcode", read.GetString("Name"));
        Assert.Equal(42, read["Small"]);
        Assert.Equal(9_007_199_254_740_993L, read["Big"]);
        Assert.Equal(2.0, read["Whole"]);
        Assert.Equal(0.125, read["Ratio"]);
        Assert.Equal(true, read["Flag"]);
        Assert.Equal(when, read["When"]);
        Assert.Equal(id, read["Id"]);
        Assert.Equal(new byte[] { 0, 1, 254, 255 }, read.GetBinary("Bytes"));
    }

    [Fact]
    public async Task Insert_OfAnExistingKey_IsAConflictResult()
    {
        string table = await NewTableAsync();
        await _tables.InsertAsync(table, new TableEntity("p", "r") { ["V"] = 1 });

        TableWriteResult second = await _tables.InsertAsync(table, new TableEntity("p", "r") { ["V"] = 2 });

        Assert.Equal(TableWriteStatus.Conflict, second.Status);
        Assert.Equal(1, (await _tables.GetAsync(table, "p", "r"))!["V"]);
    }

    [Fact]
    public async Task UpsertMerge_KeepsOtherProperties_AndReplaceDropsThem()
    {
        string table = await NewTableAsync();
        await _tables.UpsertAsync(table, new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        await _tables.UpsertAsync(table, new TableEntity("p", "r") { ["B"] = "b2" }, TableUpdateMode.Merge);
        TableEntity merged = (await _tables.GetAsync(table, "p", "r"))!;
        await _tables.UpsertAsync(table, new TableEntity("p", "r") { ["C"] = "c" }, TableUpdateMode.Replace);
        TableEntity replaced = (await _tables.GetAsync(table, "p", "r"))!;

        Assert.Equal("a", merged["A"]);
        Assert.Equal("b2", merged["B"]);
        Assert.Null(replaced["A"]);
        Assert.Equal("c", replaced["C"]);
    }

    [Fact]
    public async Task Update_WithAStaleETag_IsPreconditionFailed_AndOfAMissingEntityNotFound()
    {
        string table = await NewTableAsync();
        ETag first = await _tables.UpsertAsync(table, new TableEntity("p", "r") { ["Status"] = "running" });
        TableWriteResult ok = await _tables.UpdateAsync(table, new TableEntity("p", "r") { ["Status"] = "done" }, first);

        TableWriteResult stale = await _tables.UpdateAsync(table, new TableEntity("p", "r") { ["Status"] = "failed" }, first);
        TableWriteResult missing = await _tables.UpdateAsync(table, new TableEntity("p", "nope") { ["Status"] = "x" }, ETag.All);

        Assert.True(ok.Succeeded);
        Assert.Equal(TableWriteStatus.PreconditionFailed, stale.Status);
        Assert.Equal(TableWriteStatus.NotFound, missing.Status);
        Assert.Equal("done", (await _tables.GetAsync(table, "p", "r"))!["Status"]);
    }

    [Fact]
    public async Task Get_OfAMissingEntity_IsNull_AndDeleteIsTrueThenFalse()
    {
        string table = await NewTableAsync();
        await _tables.InsertAsync(table, new TableEntity("p", "r"));

        Assert.Null(await _tables.GetAsync(table, "p", "missing"));
        Assert.True(await _tables.DeleteAsync(table, "p", "r"));
        Assert.False(await _tables.DeleteAsync(table, "p", "r"));
        Assert.Null(await _tables.GetAsync(table, "p", "r"));
    }

    [Fact]
    public async Task Query_WithAQuotedFilterAndSelect_ReturnsOnlyMatchingEntities()
    {
        string table = await NewTableAsync();
        await _tables.InsertAsync(table, new TableEntity("O'Brien", "1") { ["Score"] = 5L, ["Note"] = "x" });
        await _tables.InsertAsync(table, new TableEntity("O'Brien", "2") { ["Score"] = 50L, ["Note"] = "y" });
        await _tables.InsertAsync(table, new TableEntity("Other", "1") { ["Score"] = 500L, ["Note"] = "z" });

        string filter = TableFilter.And(TableFilter.Equal("PartitionKey", "O'Brien"), TableFilter.GreaterThan("Score", 10L));
        List<TableEntity> found = await QueryAllAsync(table, filter, select: ["RowKey", "Score"]);

        TableEntity only = Assert.Single(found);
        Assert.Equal("2", only.RowKey);
        Assert.Equal(50L, only["Score"]);
        Assert.Null(only["Note"]);
    }

    [Fact]
    public async Task Query_WithASmallPageSize_FollowsContinuationTokens()
    {
        string table = await NewTableAsync();
        for (int i = 0; i < 23; i++)
        {
            await _tables.InsertAsync(table, new TableEntity(i % 2 == 0 ? "even" : "odd", $"{i:D3}") { ["I"] = i });
        }

        List<TableEntity> all = await QueryAllAsync(table, pageSize: 5);

        Assert.Equal(23, all.Count);
        Assert.Equal(23, all.ConvertAll(e => e.GetInt32("I")).Distinct().Count());
    }

    [Fact]
    public async Task Query_OfMoreThanAServicePage_FollowsContinuationTokens()
    {
        // Azurite, like the service, returns at most 1000 entities per response.
        const int Count = 1234;
        string table = await NewTableAsync();
        await Parallel.ForAsync(0, Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var result = await _tables.InsertAsync(table, new TableEntity($"p{i % 3}", $"{i:D5}") { ["I"] = i }, ct);
            Assert.True(result.Succeeded);
        });

        List<TableEntity> all = await QueryAllAsync(table);

        Assert.Equal(Count, all.Count);
        Assert.Equal(Count, all.ConvertAll(e => e.GetInt32("I")).Distinct().Count());
    }
}
