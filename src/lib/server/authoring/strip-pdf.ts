import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';

/**
 * A PDF without what its authoring program wrote about it: the document information dictionary (author,
 * title, creator, producer, dates) and XMP metadata streams of the document and its pages. The file is
 * parsed and written anew, which also drops objects left over from earlier saves (incremental updates keep
 * old revisions, often with the old metadata, in the file); only what the document still uses is written.
 * Returns undefined for a file pdf-lib cannot read or that is encrypted: we do not store what we cannot vouch for.
 */
export async function stripPdf(bytes: Uint8Array): Promise<Uint8Array | undefined> {
	try {
		return await rewrite(await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true }));
	} catch {
		// Unreadable, encrypted (pdf-lib refuses those), or without a catalog.
		return undefined;
	}
}

async function rewrite(doc: PDFDocument): Promise<Uint8Array | undefined> {
	if (doc.isEncrypted || !doc.catalog) return undefined;
	const context = doc.context;
	context.trailerInfo.Info = undefined;
	context.trailerInfo.ID = undefined;
	doc.catalog.delete(PDFName.of('Metadata'));
	doc.catalog.delete(PDFName.of('PieceInfo'));
	for (const page of doc.getPages()) {
		page.node.delete(PDFName.of('Metadata'));
		page.node.delete(PDFName.of('PieceInfo'));
	}
	// Keep only the objects reachable from the catalog.
	const reached = new Set<string>();
	const walk = (obj: PDFObject | undefined) => {
		if (!obj) return;
		if (obj instanceof PDFRef) {
			if (reached.has(obj.tag)) return;
			reached.add(obj.tag);
			walk(context.lookup(obj));
		} else if (obj instanceof PDFDict) {
			for (const [, v] of obj.entries()) walk(v);
		} else if (obj instanceof PDFArray) {
			for (const v of obj.asArray()) walk(v);
		} else if (obj instanceof PDFStream) {
			walk(obj.dict);
		}
	};
	walk(context.trailerInfo.Root);
	for (const [ref] of context.enumerateIndirectObjects()) if (!reached.has(ref.tag)) context.delete(ref);
	return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}
