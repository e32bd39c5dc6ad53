import { describe, expect, it } from 'vitest';
import type { Schema } from '../src/core/entity.js';
import { ofacDates, usDate } from '../src/sources/ofac/ofac-dates.js';
import { OfacRecord } from '../src/sources/ofac/ofac-record.js';
import { applyRemarks, splitRemarks } from '../src/sources/ofac/remarks.js';

function remarks(text: string, schema: Schema = 'Person') {
  const record = new OfacRecord('1', schema);
  record.add('name', 'X');
  const tally = applyRemarks(record, text);
  const entity = record.toEntity('t', '1');
  const { name: _name, ...properties } = entity.properties;
  return { properties, identifiers: entity.identifiers ?? [], tally };
}

describe('ofacDates', () => {
  const cases: [string, string[]][] = [
    ['01 Jan 1960', ['1960-01-01']],
    ['1 Feb 1961', ['1961-02-01']],
    ['Jan 1960', ['1960-01']],
    ['1960', ['1960']],
    ['circa 1960', ['1960']],
    ['circa 12 Mar 1960', ['1960']],
    ['1958 to 1960', ['1958', '1960']],
    ['01 Jan 1958 to 31 Dec 1960', ['1958-01-01', '1960-12-31']],
    ['circa 1979-1982', ['1979', '1982']],
    ['1960-05-04', ['1960-05-04']],
    ['31 Feb 1960', []],
    ['unknown', []],
  ];
  it.each(cases)('%s → %j', (text, dates) => expect(ofacDates(text)).toEqual(dates));

  it('reads the SDN XML Publish_Date (MM/DD/YYYY)', () => {
    expect(usDate('06/30/2025')).toBe('2025-06-30');
    expect(usDate('30/06/2025')).toBeUndefined();
  });
});

describe('applyRemarks (the legacy CSV Remarks field)', () => {
  it('splits on ; and drops the closing full stop, but not an abbreviation', () => {
    expect(splitRemarks('DOB 1960; POB Baghdad, Iraq.')).toEqual(['DOB 1960', 'POB Baghdad, Iraq']);
    expect(splitRemarks('Linked To: R D I S.A.')).toEqual(['Linked To: R D I S.A.']);
  });

  it('reads birth dates, places with their country, nationality, citizenship and gender', () => {
    const r = remarks(
      'DOB 01 Jan 1960; alt. DOB 1961; POB Baghdad, Iraq; nationality Iraq; alt. nationality Jordan; citizen Iraq; Gender Male.',
    );
    expect(r.properties).toEqual({
      birthDate: ['1960-01-01', '1961'],
      birthPlace: ['Baghdad, Iraq'],
      birthCountry: ['iq'],
      nationality: ['iq', 'jo'],
      citizenship: ['iq'],
      gender: ['male'],
    });
    expect(r.tally).toEqual({ parts: 7, notes: 0 });
  });

  it('reads documents with country, issue and expiry into identifiers and the FtM numbers', () => {
    const r = remarks(
      'Passport A123 (Iraq) issued 01 Jan 2000 expires 01 Jan 2010; National ID No. 5566 (Iraq); Cedula No. 7087964 (Venezuela); Tax ID No. 77 (Russia); Passport C234897(0) (United Kingdom).',
    );
    expect(r.properties).toEqual({
      passportNumber: ['A123', 'C234897(0)'],
      idNumber: ['5566', '7087964'],
      taxNumber: ['77'],
    });
    expect(r.identifiers).toEqual([
      { kind: 'national-id', number: '5566', label: 'National ID No.', country: 'iq' },
      { kind: 'national-id', number: '7087964', label: 'Cedula No.', country: 've' },
      {
        kind: 'passport',
        number: 'A123',
        label: 'Passport',
        country: 'iq',
        note: 'issued 01 Jan 2000; expires 01 Jan 2010',
      },
      { kind: 'passport', number: 'C234897(0)', label: 'Passport', country: 'gb' },
      { kind: 'tax', number: '77', label: 'Tax ID No.', country: 'ru' },
    ]);
  });

  it('takes a country written into the number off it, but not other brackets', () => {
    const r = remarks('Registration Number 91110000710934369E(China); Passport C234897(0).');
    expect(r.identifiers).toEqual([
      { kind: 'passport', number: 'C234897(0)', label: 'Passport' },
      {
        kind: 'registration',
        number: '91110000710934369E',
        label: 'Registration Number',
        country: 'cn',
      },
    ]);
  });

  it('keeps a country it cannot name in the identifier note', () => {
    const r = remarks('Cedula No. 71 (Medellin).');
    expect(r.identifiers).toEqual([
      { kind: 'national-id', number: '71', label: 'Cedula No.', note: 'Medellin' },
    ]);
  });

  it('reads contact details, SWIFT/BIC and registration numbers of an entity', () => {
    const r = remarks(
      'Website www.x.com; Email Address a@x.com; SWIFT/BIC ABCDEFGH; Registration ID 123 (Cyprus); Nationality of Registration Korea, North; Organization Established Date 12 Mar 2001; Telephone 123.',
      'Organization',
    );
    expect(r.properties).toEqual({
      website: ['www.x.com'],
      email: ['a@x.com'],
      swiftBic: ['ABCDEFGH'],
      registrationNumber: ['123'],
      jurisdiction: ['kp'],
      incorporationDate: ['2001-03-12'],
      phone: ['123'],
    });
    expect(r.identifiers.map((i) => i.kind)).toEqual(['registration', 'swift']);
  });

  it('reads vessel identifiers: IMO from the registration, MMSI', () => {
    const r = remarks('Vessel Registration Identification IMO 9187629; MMSI 572469210.', 'Vessel');
    expect(r.properties).toEqual({ imoNumber: ['9187629'], mmsi: ['572469210'] });
    expect(r.identifiers).toEqual([
      { kind: 'imo', number: '9187629', label: 'Vessel Registration Identification' },
      { kind: 'mmsi', number: '572469210', label: 'MMSI' },
    ]);
  });

  it('reads quoted a.k.a. as weak aliases (surname first turned round), f.k.a. as previous names', () => {
    const r = remarks("a.k.a. 'SAQAR, Abu'; a.k.a. 'TOMO'; f.k.a. 'OLD NAME'; n.k.a. 'NEW NAME'.");
    expect(r.properties).toEqual({
      alias: ['NEW NAME'],
      previousName: ['OLD NAME'],
      weakAlias: ['Abu SAQAR', 'TOMO'],
    });
  });

  it('keeps Linked To and free text in notes (sorted, as every format gives them), counting what it could not map', () => {
    const r = remarks('ICTY indictee at large; Linked To: LAZARUS GROUP; DOB sometime.');
    expect(r.properties.notes).toEqual([
      'DOB sometime',
      'ICTY indictee at large',
      'Linked To: LAZARUS GROUP',
    ]);
    expect(r.tally).toEqual({ parts: 3, notes: 2 });
  });
});
