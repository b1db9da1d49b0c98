using System.Diagnostics;
using Recommender.Core.Storage;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public class QueueStorageTests(AzuriteFixture azurite)
{
    private readonly QueueStorageClient _queues = azurite.Queues;

    private async Task<string> NewQueueAsync()
    {
        string queue = AzuriteFixture.UniqueName("q");
        Assert.True(await _queues.CreateIfNotExistsAsync(queue));
        return queue;
    }

    /// <summary>Polls until a message is received or the deadline passes (no fixed sleeps).</summary>
    private async Task<QueueMessage> ReceiveWithinAsync(string queue, TimeSpan visibility, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            IReadOnlyList<QueueMessage> messages = await _queues.ReceiveAsync(queue, 1, visibility);
            if (messages.Count == 1)
            {
                return messages[0];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No message became visible in queue '{queue}' within {deadline}.");
    }

    [Fact]
    public async Task CreateIfNotExists_IsTrueOnlyTheFirstTime()
    {
        string queue = AzuriteFixture.UniqueName("q");

        Assert.True(await _queues.CreateIfNotExistsAsync(queue));
        Assert.False(await _queues.CreateIfNotExistsAsync(queue));
    }

    [Fact]
    public async Task Send_ThenReceive_RoundTripsTheTextWithReceiptAndFirstDequeue()
    {
        string queue = await NewQueueAsync();
        const string text = "{\"userId\":\"Zoë\",\"itemId\":\"42\",\"event\":\"click\"}";

        string id = await _queues.SendAsync(queue, text);
        QueueMessage message = (await _queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30))).Single();

        Assert.Equal(id, message.Id);
        Assert.Equal(text, message.Text);
        Assert.Equal(1, message.DequeueCount);
        Assert.False(string.IsNullOrEmpty(message.PopReceipt));
        Assert.True(message.NextVisibleOn > message.InsertedOn);
        Assert.Empty(await _queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Redelivery_AfterTheVisibilityTimeout_IncrementsTheDequeueCount()
    {
        string queue = await NewQueueAsync();
        await _queues.SendAsync(queue, "retry me");

        QueueMessage first = await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        QueueMessage second = await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        QueueMessage third = await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

        Assert.Equal(first.Id, third.Id);
        Assert.Equal([1L, 2L, 3L], new[] { first.DequeueCount, second.DequeueCount, third.DequeueCount });
        Assert.True(await _queues.DeleteAsync(queue, third.Id, third.PopReceipt!));
    }

    [Fact]
    public async Task Delete_WithAStalePopReceipt_IsFalse_AndWithTheCurrentOneTrue()
    {
        string queue = await NewQueueAsync();
        await _queues.SendAsync(queue, "m");
        QueueMessage received = (await _queues.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30))).Single();

        string newReceipt = await _queues.UpdateVisibilityAsync(queue, received.Id, received.PopReceipt!, TimeSpan.FromSeconds(30));

        Assert.NotEqual(received.PopReceipt, newReceipt);
        Assert.False(await _queues.DeleteAsync(queue, received.Id, received.PopReceipt!));
        Assert.True(await _queues.DeleteAsync(queue, received.Id, newReceipt));
        Assert.Equal(0, await _queues.GetApproximateCountAsync(queue));
    }

    [Fact]
    public async Task UpdateVisibility_ToZero_MakesTheMessageReceivableAgain()
    {
        string queue = await NewQueueAsync();
        await _queues.SendAsync(queue, "m");
        QueueMessage received = (await _queues.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(60))).Single();

        await _queues.UpdateVisibilityAsync(queue, received.Id, received.PopReceipt!, TimeSpan.Zero);
        QueueMessage again = await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

        Assert.Equal(received.Id, again.Id);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task Peek_DoesNotHideOrCountADelivery_AndCountIsApproximate()
    {
        string queue = await NewQueueAsync();
        await _queues.SendAsync(queue, "one");
        await _queues.SendAsync(queue, "two");
        await _queues.SendAsync(queue, "three");

        IReadOnlyList<QueueMessage> peeked = await _queues.PeekAsync(queue, 32);
        IReadOnlyList<QueueMessage> received = await _queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30));

        Assert.Equal(["one", "two", "three"], peeked.Select(m => m.Text));
        Assert.All(peeked, m => Assert.Null(m.PopReceipt));
        Assert.Equal(3, received.Count);
        Assert.All(received, m => Assert.Equal(1, m.DequeueCount));
        Assert.Equal(3, await _queues.GetApproximateCountAsync(queue));
    }
}
