namespace Ehi.Core.Handling;

/// <summary>The seam between the admin listener and what it administers (the built-in ledger).</summary>
public interface IAdminHandler
{
    /// <summary>Handles one admin request.</summary>
    ValueTask<EhiAnswer> HandleAsync(AdminRequest request, CancellationToken cancellationToken);
}
