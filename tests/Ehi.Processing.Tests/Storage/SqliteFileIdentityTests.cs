using Ehi.Storage.Sqlite;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests.Storage;

/// <summary>The SQLite store notices its files deleted or renamed over (device and inode), then
/// refuses every write and read for good: the processor answers "resend", readiness fails naming
/// the file, and <see cref="SqliteStore.Lost"/> tells the host to stop.</summary>
public sealed class SqliteFileIdentityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DatabaseDeleted_WritesReadsAndReadinessFail_AndLostIsSignalled()
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);
        var store = (SqliteStore)fixture.Journal;
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"00"}""", (await fixture.SendAsync(Messages.Auth(1))).Body);

        File.Delete(store.Path);

        Assert.Equal("""{"Acknowledgement":"0","Responsestatus":"05"}""", (await fixture.SendAsync(Messages.Auth(2))).Body);
        Assert.Equal("""{"Acknowledgement":"0","Responsestatus":"05"}""", (await fixture.SendAsync(Messages.Auth(1, attempt: 1))).Body);
        var readiness = await store.ProbeAsync(CancellationToken.None);
        Assert.False(readiness.Ready);
        Assert.Contains($"the journal file {store.Path} was deleted", readiness.Detail, StringComparison.Ordinal);
        await WaitForAsync(store.Lost);
        Assert.False(File.Exists(store.Path), "a reader must not create a fresh journal in place of the deleted one");
    }

    [Fact]
    public async Task WalRenamedOver_IsNoticedWithoutAnyMessage()
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);
        var store = (SqliteStore)fixture.Journal;
        await fixture.SendAsync(Messages.Auth(1));
        File.Copy(store.Path + "-wal", store.Path + "-wal.copy");

        File.Move(store.Path + "-wal.copy", store.Path + "-wal", overwrite: true);

        // The periodic check (twice a second) finds it with nothing written
        await WaitForAsync(store.Lost);
        Assert.Contains($"the journal file {store.Path}-wal was replaced", store.LostReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntouchedFiles_AreNeverReportedLost()
    {
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output);
        var store = (SqliteStore)fixture.Journal;
        for (int i = 0; i < 20; i++)
        {
            await fixture.SendAsync(Messages.Auth(100 + i));
        }

        await Task.Delay(1200);
        Assert.False(store.Lost.IsCancellationRequested, store.LostReason);
        Assert.True((await store.ProbeAsync(CancellationToken.None)).Ready);
    }

    private static async Task WaitForAsync(CancellationToken lost)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10), lost);
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(lost.IsCancellationRequested, "Lost was not signalled within 10 s");
    }
}
