import type { InstanceTypeDefinition } from './catalogue/instance-types';
import { DISK_PRICE_PER_GIB_HOUR, type DiskCategory } from './disk';
import type { PeriodUnit } from './lifecycle-time';

/**
 * Prices as the sandbox charges them (shared/domain/ledger.ts): an instance at its type's list
 * price per hour (pay-as-you-go) or per month (subscription, a week being a quarter of a month as
 * at launch), a disk at its category's price per GiB-hour, in USD, without discounts. DescribePrice
 * and DescribeRenewalPrice answer these figures, and RunInstances' TradePrice is the instance line.
 */
export const HOURS_PER_MONTH = 730;
export type PriceUnit = 'Hour' | PeriodUnit;

const round = (n: number) => Math.round(n * 10_000) / 10_000;

export function monthsOf(count: number, unit: PeriodUnit): number {
  return unit === 'Year' ? count * 12 : unit === 'Week' ? count / 4 : count;
}

export function instancePrice(type: InstanceTypeDefinition, unit: PriceUnit, period: number): number {
  return round(unit === 'Hour' ? type.pricePerHourUsd * period : type.pricePerMonthUsd * monthsOf(period, unit));
}

export function diskPrice(category: DiskCategory, sizeGiB: number, unit: PriceUnit, period: number): number {
  const hourly = DISK_PRICE_PER_GIB_HOUR[category] * sizeGiB;
  return round(unit === 'Hour' ? hourly * period : hourly * HOURS_PER_MONTH * monthsOf(period, unit));
}

/**
 * Public bandwidth billed by bandwidth (PayByBandwidth), per Mbit/s-hour (sandbox figure). Billed by
 * traffic (PayByTraffic) the cloud charges per GB sent; the sandbox sends nothing, so that is 0.
 */
export const BANDWIDTH_PRICE_PER_MBPS_HOUR_USD = 0.0125;

export function bandwidthPricePerHour(chargeType: string | undefined, mbps: number): number {
  return chargeType === 'PayByBandwidth' && mbps > 0 ? round(BANDWIDTH_PRICE_PER_MBPS_HOUR_USD * mbps) : 0;
}

export function bandwidthPrice(chargeType: string | undefined, mbps: number, unit: PriceUnit, period: number): number {
  const hourly = bandwidthPricePerHour(chargeType, mbps);
  return round(unit === 'Hour' ? hourly * period : hourly * HOURS_PER_MONTH * monthsOf(period, unit));
}

export interface PriceLine {
  Resource: string;
  OriginalPrice: number;
  DiscountPrice: number;
  TradePrice: number;
}

export function priceInfo(lines: PriceLine[]) {
  const total = round(lines.reduce((n, l) => n + l.TradePrice, 0));
  return {
    PriceInfo: {
      Price: { Currency: 'USD', OriginalPrice: total, DiscountPrice: 0, TradePrice: total, DetailInfos: { DetailInfo: lines } },
      Rules: { Rule: [] as { RuleId: number; Description: string }[] },
    },
  };
}

export const line = (resource: string, price: number): PriceLine => ({ Resource: resource, OriginalPrice: price, DiscountPrice: 0, TradePrice: price });
